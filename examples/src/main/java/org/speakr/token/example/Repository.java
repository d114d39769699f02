package org.speakr.token.example;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Read access to users, recordings, transcripts and tags. Thread-safe. */
final class Repository {
    private final DataSource dataSource;

    Repository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    record User(long id, String username, String passwordHash) {
        @Override
        public String toString() {
            return "User[" + id + ", " + username + "]";
        }
    }

    record Tag(long id, String name, String color) {
    }

    record TagCount(long id, String name, String color, long recordingCount) {
    }

    record RecordingRow(long id, long userId, String title, String status, Instant createdAt, Instant completedAt,
            String participants, int durationSeconds, boolean hasTranscript, boolean hasSummary, String summary,
            String transcript, List<Tag> tags) {
    }

    record Segment(String speaker, double start, double end, String text) {
    }

    Optional<User> findUser(String username) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, username, password_hash FROM speakr_user WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new User(rs.getLong(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    long countRecordings(long userId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM speakr_recording WHERE user_id = ?")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** One page of a user's recordings, newest first, each with its tags. */
    List<RecordingRow> recordings(long userId, int limit, long offset) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<RecordingRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, user_id, title, status, created_at, completed_at, participants, duration_seconds,"
                            + " transcript, summary FROM speakr_recording WHERE user_id = ?"
                            + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")) {
                ps.setLong(1, userId);
                ps.setInt(2, limit);
                ps.setLong(3, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs, List.of()));
                    }
                }
            }
            Map<Long, List<Tag>> tags = tagsOf(c, rows.stream().map(RecordingRow::id).toList());
            return rows.stream().map(r -> withTags(r, tags.getOrDefault(r.id(), List.of()))).toList();
        }
    }

    Optional<RecordingRow> recording(long id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            RecordingRow row;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, user_id, title, status, created_at, completed_at, participants, duration_seconds,"
                            + " transcript, summary FROM speakr_recording WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    row = row(rs, List.of());
                }
            }
            return Optional.of(withTags(row, tagsOf(c, List.of(id)).getOrDefault(id, List.of())));
        }
    }

    List<Segment> segments(long recordingId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT speaker, start_seconds, end_seconds, text"
                        + " FROM speakr_segment WHERE recording_id = ? ORDER BY position")) {
            ps.setLong(1, recordingId);
            List<Segment> segments = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    segments.add(new Segment(rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getString(4)));
                }
            }
            return segments;
        }
    }

    List<TagCount> tags(long userId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT t.id, t.name, t.color, COUNT(rt.recording_id)"
                        + " FROM speakr_tag t LEFT JOIN speakr_recording_tag rt ON rt.tag_id = t.id"
                        + " WHERE t.user_id = ? GROUP BY t.id, t.name, t.color ORDER BY t.name, t.id")) {
            ps.setLong(1, userId);
            List<TagCount> tags = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tags.add(new TagCount(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
            return tags;
        }
    }

    private static RecordingRow row(ResultSet rs, List<Tag> tags) throws SQLException {
        String transcript = rs.getString("transcript");
        String summary = rs.getString("summary");
        return new RecordingRow(rs.getLong("id"), rs.getLong("user_id"), rs.getString("title"),
                rs.getString("status"), Database.instant(rs, "created_at"), Database.instant(rs, "completed_at"),
                rs.getString("participants"), rs.getInt("duration_seconds"), transcript != null, summary != null,
                summary, transcript, tags);
    }

    private static RecordingRow withTags(RecordingRow r, List<Tag> tags) {
        return new RecordingRow(r.id(), r.userId(), r.title(), r.status(), r.createdAt(), r.completedAt(),
                r.participants(), r.durationSeconds(), r.hasTranscript(), r.hasSummary(), r.summary(),
                r.transcript(), tags);
    }

    private static Map<Long, List<Tag>> tagsOf(Connection c, List<Long> recordingIds) throws SQLException {
        if (recordingIds.isEmpty()) {
            return Map.of();
        }
        String placeholders = String.join(", ", Collections.nCopies(recordingIds.size(), "?"));
        Map<Long, List<Tag>> tags = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT rt.recording_id, t.id, t.name, t.color"
                + " FROM speakr_recording_tag rt JOIN speakr_tag t ON t.id = rt.tag_id"
                + " WHERE rt.recording_id IN (" + placeholders + ") ORDER BY t.name, t.id")) {
            for (int i = 0; i < recordingIds.size(); i++) {
                ps.setLong(i + 1, recordingIds.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tags.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new Tag(rs.getLong(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return tags;
    }
}
