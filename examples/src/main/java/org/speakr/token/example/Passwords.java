package org.speakr.token.example;

import java.util.Objects;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) by Spring
 * Security's {@link Argon2PasswordEncoder}, with the OWASP parameters: 16-byte salt, 32-byte hash, 1 lane,
 * 19 MiB of memory, 2 iterations. Thread-safe.
 */
final class Passwords {
    private static final Argon2PasswordEncoder ENCODER = new Argon2PasswordEncoder(16, 32, 1, 19_456, 2);
    /** Verified against when the user does not exist, so both cases cost one Argon2id run. */
    private static final String DUMMY = ENCODER.encode("not a password of anyone");
    /**
     * The encoder's own parameters ({@code $argon2id$v=19$m=19456,t=2,p=1$}): a stored hash with others is not
     * verified, so a stored hash cannot make a login allocate any amount of memory.
     */
    private static final String PARAMETERS = DUMMY.substring(0, DUMMY.lastIndexOf('$', DUMMY.lastIndexOf('$') - 1) + 1);

    private Passwords() {
    }

    /** @return a new PHC-format Argon2id hash of {@code password} with a random salt */
    static String hash(String password) {
        return ENCODER.encode(Objects.requireNonNull(password, "password"));
    }

    /**
     * @param password the presented password
     * @param stored a hash from {@link #hash}, or {@code null} for an unknown user (then a dummy hash is verified
     *        so that the answer takes as long, and is false)
     * @return whether they match; false for a malformed stored hash or one with other parameters
     */
    static boolean verify(String password, String stored) {
        boolean known = stored != null;
        String hash = known ? stored : DUMMY;
        return hash.startsWith(PARAMETERS) && ENCODER.matches(password == null ? "" : password, hash) && known;
    }
}
