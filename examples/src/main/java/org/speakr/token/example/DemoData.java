package org.speakr.token.example;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo data inserted on first start: users {@code alice} (42 recordings) and {@code bob} (7), their tags,
 * transcripts with segments and summaries. Deterministic: the same on every machine.
 */
final class DemoData {
    /** Creation instant of the users and base of the recordings' timeline. */
    static final Instant EPOCH = Instant.parse("2026-01-05T09:00:00Z");

    static final List<User> USERS = List.of(
            new User(1, "alice", "wonderland-42", 42),
            new User(2, "bob", "builder-7", 7));

    private static final String[] TOPICS = {"Weekly sync", "Customer interview", "Roadmap review", "Design critique",
        "Sprint planning", "Sales call", "Support escalation", "Research readout", "Hiring debrief", "Retro"};
    private static final String[] SUBJECTS = {"transcription quality", "the mobile app", "pricing", "onboarding",
        "speaker diarization", "the API launch", "summaries", "search", "billing", "the n8n integration"};
    private static final String[] PEOPLE = {"Dana", "Omar", "Mei", "Lukas", "Priya", "Jonas", "Sofia", "Kwame"};
    private static final String[] LINES = {
        "Let's start with the numbers from last week.",
        "The new model handles crosstalk much better than before.",
        "Customers keep asking for an API they can call from n8n.",
        "I think we should ship the token page first and iterate.",
        "Can we get a rough estimate before Friday?",
        "The summary missed the action items in two recordings.",
        "We agreed to revisit this after the beta.",
        "Latency is fine, but the export is still slow.",
        "Let's write that down as an action item.",
        "I'll follow up with the customer tomorrow."};

    private DemoData() {
    }

    record User(long id, String username, String password, int recordings) {
        @Override
        public String toString() {
            return "User[" + username + "]";
        }
    }

    record Tag(long id, long userId, String name, String color) {
    }

    record Segment(String speaker, double start, double end, String text) {
    }

    record Recording(long id, long userId, String title, String status, Instant createdAt, Instant completedAt,
            String participants, int durationSeconds, String transcript, String summary, List<Long> tagIds,
            List<Segment> segments) {
    }

    record Data(List<Tag> tags, List<Recording> recordings) {
    }

    static Data generate() {
        List<Tag> tags = List.of(
                new Tag(1, 1, "Meetings", "#3B82F6"),
                new Tag(2, 1, "Interviews", "#10B981"),
                new Tag(3, 1, "Product", "#8B5CF6"),
                new Tag(4, 1, "Research", "#F59E0B"),
                new Tag(5, 1, "One-on-one", "#EF4444"),
                new Tag(6, 2, "Sales", "#0EA5E9"),
                new Tag(7, 2, "Support", "#F97316"));
        Random random = new Random(20260105L);
        List<Recording> recordings = new ArrayList<>();
        long id = 1;
        for (User user : USERS) {
            for (int n = 1; n <= user.recordings(); n++, id++) {
                recordings.add(recording(id, user, n, random));
            }
        }
        return new Data(tags, recordings);
    }

    private static Recording recording(long id, User user, int n, Random random) {
        String title = TOPICS[random.nextInt(TOPICS.length)] + ": " + SUBJECTS[random.nextInt(SUBJECTS.length)];
        Instant createdAt = EPOCH.plus(Duration.ofHours(19L * n)).plus(Duration.ofMinutes(random.nextInt(50)));
        int duration = 300 + random.nextInt(3300);
        List<String> people = new ArrayList<>();
        people.add(user.username().substring(0, 1).toUpperCase() + user.username().substring(1));
        int others = 1 + random.nextInt(3);
        while (people.size() <= others) {
            String person = PEOPLE[random.nextInt(PEOPLE.length)];
            if (!people.contains(person)) {
                people.add(person);
            }
        }
        String participants = String.join(", ", people);
        List<Long> tagIds = new ArrayList<>();
        if (user.id() == 1) {
            tagIds.add(1L + (n % 5));
            if (n % 3 == 0 && (n % 5) != 0) {
                tagIds.add(1L);
            }
        } else {
            tagIds.add(6L + (n % 2));
        }
        // The newest recordings are still being processed: no transcript, no summary, no completion.
        boolean processing = n > user.recordings() - (user.id() == 1 ? 3 : 1);
        if (processing) {
            return new Recording(id, user.id(), title, "PROCESSING", createdAt, null, participants, duration, null,
                    null, List.copyOf(tagIds), List.of());
        }
        List<Segment> segments = new ArrayList<>();
        StringBuilder transcript = new StringBuilder();
        double t = 0;
        int count = 4 + random.nextInt(5);
        for (int i = 0; i < count; i++) {
            String speaker = people.get(i % people.size());
            String text = LINES[random.nextInt(LINES.length)];
            double end = Math.round((t + 3 + random.nextInt(20) + random.nextInt(10) / 10.0) * 10) / 10.0;
            segments.add(new Segment(speaker, t, end, text));
            transcript.append(speaker).append(": ").append(text).append('\n');
            t = Math.round((end + 0.4) * 10) / 10.0;
        }
        // Every tenth completed recording has a transcript but no summary yet.
        String summary = n % 10 == 0 ? null
                : "Discussed " + title.substring(title.indexOf(": ") + 2) + " with " + participants + ". "
                        + "Decisions: ship the next iteration and review feedback in a week. "
                        + "Action items: " + people.get(people.size() - 1) + " follows up.";
        Instant completedAt = createdAt.plusSeconds(duration + 120L);
        return new Recording(id, user.id(), title, "COMPLETED", createdAt, completedAt, participants, duration,
                transcript.toString().strip(), summary, List.copyOf(tagIds), List.copyOf(segments));
    }
}
