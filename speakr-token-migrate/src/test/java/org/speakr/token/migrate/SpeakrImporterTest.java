package org.speakr.token.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.speakr.token.migrate.SpeakrDatabase.CREATED;
import static org.speakr.token.migrate.SpeakrDatabase.EXPIRED_AT;
import static org.speakr.token.migrate.SpeakrDatabase.FUTURE;
import static org.speakr.token.migrate.SpeakrDatabase.USED;
import static org.speakr.token.migrate.SpeakrDatabase.sha256;
import static org.speakr.token.migrate.SpeakrDatabase.utc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.LegacyTokenRecord;
import org.speakr.token.core.RejectionReason;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.jdbc.JdbcTokenStore;
import org.speakr.token.migrate.SpeakrDatabase.Kind;
import org.speakr.token.testkit.MutableClock;

class SpeakrImporterTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant REVOKED_AT = Instant.parse("2025-12-24T12:00:00.000042Z");

    private static JdbcTokenStore newStore(String name) {
        JdbcTokenStore store = JdbcTokenStore.builder(SpeakrDatabase.h2("target_" + name)).build();
        store.initializeSchema();
        return store;
    }

    private static SpeakrImporter.Builder importer(SpeakrDatabase speakr, JdbcTokenStore store) {
        return SpeakrImporter.builder(speakr.dataSource, store).revokedAt(REVOKED_AT);
    }

    @Test
    void testsRunInAZoneFourteenHoursFromUtc() {
        assertThat(TimeZone.getDefault().getID()).isEqualTo("Pacific/Kiritimati");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void runThenEveryTokenAuthenticatesAsItsOwnerOrIsRejectedForItsReason(Kind kind) {
        SpeakrDatabase speakr = SpeakrDatabase.create(kind, false);
        JdbcTokenStore store = newStore("auth_" + kind);
        importer(speakr, store).build().run();

        try (ApiTokens tokens = ApiTokens.builder().store(store).clock(new MutableClock(NOW))
                .acceptLegacyTokens(true).build()) {
            for (String[] tokenAndOwner : speakr.activeTokensAndOwners()) {
                assertThat(tokens.authenticate(tokenAndOwner[0]))
                        .isInstanceOfSatisfying(AuthenticationResult.Authenticated.class,
                                ok -> assertThat(ok.principal().owner()).isEqualTo(tokenAndOwner[1]));
            }
            assertThat(tokens.authenticate(SpeakrDatabase.BOB_EXPIRED))
                    .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.EXPIRED));
            assertThat(tokens.authenticate(SpeakrDatabase.CAROL_REVOKED))
                    .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
            assertThat(tokens.authenticate(SpeakrDatabase.ORPHAN))
                    .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.UNKNOWN));
            assertThat(tokens.authenticate(SpeakrDatabase.DELETED))
                    .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.UNKNOWN));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void runThenEveryInstantEqualsSpeakrsToTheMicrosecondAndNamesAreFixed(Kind kind) {
        SpeakrDatabase speakr = SpeakrDatabase.create(kind, false);
        JdbcTokenStore store = newStore("instants_" + kind);
        importer(speakr, store).build().run();

        TokenRecord n8n = store.findByHash(sha256(SpeakrDatabase.ALICE_N8N)).orElseThrow();
        assertThat(n8n.createdAt()).isEqualTo(utc(CREATED)).isEqualTo(Instant.parse("2025-01-02T03:04:05.123456Z"));
        assertThat(n8n.lastUsedAt()).isEqualTo(utc(USED));
        assertThat(n8n.expiresAt()).isNull();
        assertThat(n8n.revokedAt()).isNull();
        assertThat(n8n.name()).isEqualTo("n8n");
        assertThat(n8n.owner()).isEqualTo("alice");
        assertThat(n8n.hint()).isEqualTo(LegacyTokenRecord.MIGRATED_HINT);
        assertThat(n8n.hashKeyId()).isEqualTo(TokenRecord.SHA256_KEY_ID);

        assertThat(store.findByHash(sha256(SpeakrDatabase.ALICE_UNNAMED)).orElseThrow().name())
                .isEqualTo(SpeakrImporter.DEFAULT_NAME);
        TokenRecord unicode = store.findByHash(sha256(SpeakrDatabase.BOB_UNICODE)).orElseThrow();
        assertThat(unicode.name()).isEqualTo("Zapier – Überweisung ✓");
        assertThat(unicode.expiresAt()).isEqualTo(utc(FUTURE)).isEqualTo(Instant.parse("2099-12-31T23:59:59.000007Z"));
        assertThat(store.findByHash(sha256(SpeakrDatabase.BOB_EXPIRED)).orElseThrow().expiresAt())
                .isEqualTo(Instant.parse("2025-06-01T00:00:00.000001Z"));
        TokenRecord revoked = store.findByHash(sha256(SpeakrDatabase.CAROL_REVOKED)).orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(REVOKED_AT);
        assertThat(revoked.revocationReason()).isEqualTo(RevocationReason.MANUAL);
        assertThat(store.findByHash(sha256(SpeakrDatabase.ORPHAN))).isEmpty();
        if (kind == Kind.SQLITE) {
            assertThat(store.findByHash(sha256(SpeakrDatabase.CAROL_LONG_NAME)).orElseThrow().name())
                    .isEqualTo("L".repeat(100));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void runThenTheReportCountsEachCase(Kind kind) {
        SpeakrDatabase speakr = SpeakrDatabase.create(kind, true);
        List<String> progress = new ArrayList<>();
        ImportReport report = importer(speakr, newStore("report_" + kind))
                .progress((done, total) -> progress.add(done + "/" + total)).build().run();

        int rows = speakr.importable() + 2;
        assertThat(report.dryRun()).isFalse();
        assertThat(report.read()).isEqualTo(rows);
        assertThat(report.imported()).isEqualTo(speakr.importable());
        assertThat(report.alreadyPresent()).isZero();
        assertThat(report.lastUsedUpdated()).isZero();
        assertThat(report.orphaned()).isEqualTo(1);
        assertThat(report.namesDefaulted()).isEqualTo(1);
        assertThat(report.namesTrimmed()).isEqualTo(1);
        assertThat(report.namesCut()).isEqualTo(kind == Kind.SQLITE ? 1 : 0);
        assertThat(report.revoked()).isEqualTo(1);
        assertThat(report.refused()).containsExactly(new ImportReport.Refusal(8,
                "name: expected no control, format, surrogate or line-separator characters (Unicode Cc, Cf, Cs, Zl, Zp), got 'U+0007 at index 4'"));
        assertThat(progress).containsExactly(rows + "/" + rows);
        assertThat(report.toString()).contains("imported:          " + speakr.importable() + "\n")
                .contains("  api_token.id 8: name: expected no control, format, surrogate or line-separator characters (Unicode Cc, Cf, Cs, Zl, Zp), got 'U+0007 at index 4'\n");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void runAgainThenInsertsNothingAndMovesOnlyALaterLastUseForward(Kind kind) {
        SpeakrDatabase speakr = SpeakrDatabase.create(kind, false);
        JdbcTokenStore store = newStore("again_" + kind);
        importer(speakr, store).build().run();
        List<TokenRecord> before = allOf(store);

        ImportReport second = importer(speakr, store).build().run();
        assertThat(second.imported()).isZero();
        assertThat(second.alreadyPresent()).isEqualTo(speakr.importable());
        assertThat(second.lastUsedUpdated()).isZero();
        assertThat(allOf(store)).containsExactlyInAnyOrderElementsOf(before);

        // A cut-over window: Speakr kept serving alice's n8n token after the first run.
        String later = "2025-12-31 10:11:12.131415";
        speakr.execute("UPDATE api_token SET last_used_at = " + (kind == Kind.SQLITE ? "'" : "TIMESTAMP '") + later
                + "' WHERE id = 1");
        ImportReport third = importer(speakr, store).build().run();
        assertThat(third.imported()).isZero();
        assertThat(third.lastUsedUpdated()).isEqualTo(1);
        assertThat(store.findByHash(sha256(SpeakrDatabase.ALICE_N8N)).orElseThrow().lastUsedAt())
                .isEqualTo(Instant.parse("2025-12-31T10:11:12.131415Z"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void runWhenDryRunThenCountsButWritesNothing(Kind kind) {
        SpeakrDatabase speakr = SpeakrDatabase.create(kind, false);
        JdbcTokenStore store = newStore("dry_" + kind);
        ImportReport report = importer(speakr, store).dryRun(true).build().run();

        assertThat(report.dryRun()).isTrue();
        assertThat(report.imported()).isEqualTo(speakr.importable());
        assertThat(report.toString()).startsWith("Dry run: nothing was written.\n")
                .contains("would import:      " + speakr.importable());
        assertThat(allOf(store)).isEmpty();
    }

    @Test
    void runWhenOwnerMappingIsIdThenOwnersAreSpeakrsUserIds() {
        SpeakrDatabase speakr = SpeakrDatabase.create(Kind.SQLITE, false);
        JdbcTokenStore store = newStore("by_id");
        importer(speakr, store).owner(OwnerMapping.id()).build().run();

        assertThat(store.findByOwner("1")).hasSize(2);
        assertThat(store.findByOwner("alice")).isEmpty();
    }

    @Test
    void runWhenAFunctionMapsOwnersThenItsValueIsStored() {
        SpeakrDatabase speakr = SpeakrDatabase.create(Kind.SQLITE, false);
        JdbcTokenStore store = newStore("by_function");
        importer(speakr, store).owner((id, username) -> username + "@speakr").build().run();

        assertThat(store.findByOwner("bob@speakr")).hasSize(2);
    }

    @Test
    void builderWhenSettingsAreBadThenRefusedInTheStandardFormat() {
        SpeakrImporter.Builder builder = SpeakrImporter.builder(SpeakrDatabase.create(Kind.SQLITE, false).dataSource,
                newStore("settings"));
        assertThatThrownBy(() -> builder.table("api_token; DROP TABLE user"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table: expected an SQL identifier [A-Za-z_][A-Za-z0-9_]{0,62}, got 'api_token; DROP TABLE user'");
        assertThatThrownBy(() -> builder.defaultName("  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("default-name: expected 1 to 100 characters after trimming, got '  '");
    }

    private static List<TokenRecord> allOf(JdbcTokenStore store) {
        List<TokenRecord> all = new ArrayList<>();
        for (String owner : List.of("alice", "bob", "carol")) {
            all.addAll(store.findByOwner(owner));
        }
        return all;
    }
}
