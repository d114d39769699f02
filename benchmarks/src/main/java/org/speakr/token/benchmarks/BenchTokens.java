package org.speakr.token.benchmarks;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.speakr.token.core.spi.TokenRecord;

/**
 * Fixtures for the benchmarks: token strings in the library's format, their stored hashes, and a
 * bulk loader that writes rows with JDBC batches instead of {@code ApiTokens.create} (which would cost a
 * round trip per token and take minutes for a million).
 *
 * <p>Tokens are generated from a seeded {@link SplittableRandom}, not {@code SecureRandom}: they only need to
 * be well-formed and distinct, and a seed makes runs repeatable. {@code BenchTokensTest} proves that
 * {@code ApiTokens} accepts them.
 */
public final class BenchTokens {
    /** The library's default prefix, with its underscore. */
    public static final String PREFIX = "spk_";
    /** The table the benchmarks use (the library's default name). */
    public static final String TABLE = "speakr_api_tokens";

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(62);
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private BenchTokens() {
    }

    /** @return {@code count} distinct, well-formed tokens from {@code seed} */
    public static String[] tokens(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] tokens = new String[count];
        byte[] secret = new byte[32];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < secret.length; j += 8) {
                long v = random.nextLong();
                for (int k = 0; k < 8; k++) {
                    secret[j + k] = (byte) (v >>> (8 * k));
                }
            }
            tokens[i] = token(secret);
        }
        return tokens;
    }

    /** @return the token whose secret is {@code secret} (32 bytes): prefix, base62 width 43, CRC32 base62 width 6 */
    public static String token(byte[] secret) {
        String body = PREFIX + base62(new BigInteger(1, secret), 43);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return body + base62(BigInteger.valueOf(crc.getValue()), 6);
    }

    /** @return {@code token} with its last checksum character changed: well-formed but a bad checksum */
    public static String withBadChecksum(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    /** @return lowercase hex SHA-256 of the token's UTF-8 bytes, as stores keep it */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256().digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** @return a new SHA-256 engine */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a stored record for {@code token}, owned by {@code owner-<i % 1000>}, no expiry, no scopes */
    public static TokenRecord record(int i, String token) {
        return new TokenRecord(id(i), "owner-" + (i % 1000), "token " + i, sha256Hex(token),
                TokenRecord.SHA256_KEY_ID, "spk_…" + token.substring(token.length() - 4), Set.of(), CREATED, null,
                null, null, null, null);
    }

    /** @return a 22-character id unique to {@code i} */
    public static String id(int i) {
        return String.format("bench%017d", i);
    }

    /**
     * Writes {@code tokens} (their hashes) plus {@code fillers} rows with random hashes that no token matches,
     * in batches of 5,000 with one commit per batch. The table must exist and be empty.
     *
     * @return the number of rows written
     */
    public static int bulkLoad(DataSource dataSource, String[] tokens, int fillers, long seed) throws SQLException {
        Random random = new Random(seed);
        byte[] fake = new byte[32];
        HexFormat hex = HexFormat.of();
        int total = tokens.length + fillers;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                        + " (id, owner, name, token_hash, hash_key_id, hint, scopes, created_at, expires_at,"
                        + " last_used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)")) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            long createdMicros = CREATED.getEpochSecond() * 1_000_000L;
            int pending = 0;
            for (int i = 0; i < total; i++) {
                String hash;
                String hint;
                if (i < tokens.length) {
                    hash = sha256Hex(tokens[i]);
                    hint = "spk_…" + tokens[i].substring(tokens[i].length() - 4);
                } else {
                    random.nextBytes(fake);
                    hash = hex.formatHex(fake);
                    hint = "spk_…fill";
                }
                insert.setString(1, id(i));
                insert.setString(2, "owner-" + (i % 1000));
                insert.setString(3, "token " + i);
                insert.setString(4, hash);
                insert.setString(5, TokenRecord.SHA256_KEY_ID);
                insert.setString(6, hint);
                insert.setString(7, "");
                insert.setLong(8, createdMicros);
                insert.setNull(9, Types.BIGINT);
                insert.addBatch();
                if (++pending == 5_000) {
                    insert.executeBatch();
                    connection.commit();
                    pending = 0;
                }
            }
            if (pending > 0) {
                insert.executeBatch();
                connection.commit();
            }
            connection.setAutoCommit(autoCommit);
        }
        return total;
    }

    /** Runs {@code ANALYZE} (PostgreSQL) so the planner knows the table's size; H2 needs nothing. */
    public static void analyze(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE " + TABLE);
        }
    }

    private static String base62(BigInteger n, int width) {
        char[] out = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            out[i] = ALPHABET.charAt(qr[1].intValue());
            n = qr[0];
        }
        if (n.signum() != 0) {
            throw new IllegalArgumentException("does not fit in " + width + " base62 digits");
        }
        return new String(out);
    }
}
