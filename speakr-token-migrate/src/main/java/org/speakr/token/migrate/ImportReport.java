package org.speakr.token.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link SpeakrImporter#run()} did, row by row of Speakr's {@code api_token} table. Every row read is
 * exactly one of imported, already present, orphaned or refused; the name and revocation counts are about the
 * imported rows. In a dry run the counts say what a real run would do, and nothing was written. Immutable.
 */
public final class ImportReport {
    /**
     * A row that was not imported, and why.
     *
     * @param speakrId the row's {@code api_token.id}
     * @param reason why, in words (never the hash or any secret)
     */
    public record Refusal(long speakrId, String reason) {
        /** Checks the reason. */
        public Refusal {
            Objects.requireNonNull(reason, "reason");
        }
    }

    private final boolean dryRun;
    private final int read;
    private final int imported;
    private final int alreadyPresent;
    private final int lastUsedUpdated;
    private final int orphaned;
    private final int namesDefaulted;
    private final int namesTrimmed;
    private final int namesCut;
    private final int revoked;
    private final List<Refusal> refused;

    private ImportReport(Tally tally) {
        this.dryRun = tally.dryRun;
        this.read = tally.read;
        this.imported = tally.imported;
        this.alreadyPresent = tally.alreadyPresent;
        this.lastUsedUpdated = tally.lastUsedUpdated;
        this.orphaned = tally.orphaned;
        this.namesDefaulted = tally.namesDefaulted;
        this.namesTrimmed = tally.namesTrimmed;
        this.namesCut = tally.namesCut;
        this.revoked = tally.revoked;
        this.refused = List.copyOf(tally.refused);
    }

    /** @return whether this was a dry run: nothing was written */
    public boolean dryRun() {
        return dryRun;
    }

    /** @return rows read from Speakr's token table */
    public int read() {
        return read;
    }

    /** @return tokens added to the store (in a dry run: that would have been added) */
    public int imported() {
        return imported;
    }

    /** @return tokens whose hash the store already held (an earlier run): not added again */
    public int alreadyPresent() {
        return alreadyPresent;
    }

    /** @return already present tokens whose last use was moved forward to Speakr's later one */
    public int lastUsedUpdated() {
        return lastUsedUpdated;
    }

    /** @return rows whose {@code user_id} names no user (Speakr deletes a user's tokens only through its ORM) */
    public int orphaned() {
        return orphaned;
    }

    /** @return imported tokens whose name was NULL or blank and got the default name */
    public int namesDefaulted() {
        return namesDefaulted;
    }

    /** @return imported tokens whose name had leading or trailing white space, stored trimmed */
    public int namesTrimmed() {
        return namesTrimmed;
    }

    /** @return imported tokens whose name was longer than 100 characters, stored cut to 100 */
    public int namesCut() {
        return namesCut;
    }

    /** @return imported tokens that Speakr marked {@code revoked}, stored revoked */
    public int revoked() {
        return revoked;
    }

    /** @return the rows not imported because they break a rule, in the table's order */
    public List<Refusal> refused() {
        return refused;
    }

    /** @return the report as the command line prints it, one count a line, then one line per refused row */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(dryRun ? "Dry run: nothing was written.\n" : "")
                .append("read:              ").append(read).append('\n')
                .append(dryRun ? "would import:      " : "imported:          ").append(imported).append('\n')
                .append("already present:   ").append(alreadyPresent).append('\n')
                .append("last use updated:  ").append(lastUsedUpdated).append('\n')
                .append("orphaned:          ").append(orphaned).append('\n')
                .append("names defaulted:   ").append(namesDefaulted).append('\n')
                .append("names trimmed:     ").append(namesTrimmed).append('\n')
                .append("names cut:         ").append(namesCut).append('\n')
                .append("revoked:           ").append(revoked).append('\n')
                .append("refused:           ").append(refused.size()).append('\n');
        for (Refusal refusal : refused) {
            text.append("  api_token.id ").append(refusal.speakrId()).append(": ").append(refusal.reason()).append('\n');
        }
        return text.toString();
    }

    /** The counters of a run in progress. */
    static final class Tally {
        private final boolean dryRun;
        int read;
        int imported;
        int alreadyPresent;
        int lastUsedUpdated;
        int orphaned;
        int namesDefaulted;
        int namesTrimmed;
        int namesCut;
        int revoked;
        private final List<Refusal> refused = new ArrayList<>();

        Tally(boolean dryRun) {
            this.dryRun = dryRun;
        }

        void refuse(long speakrId, String reason) {
            refused.add(new Refusal(speakrId, reason));
        }

        ImportReport report() {
            return new ImportReport(this);
        }
    }
}
