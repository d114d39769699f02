package org.speakr.token.migrate;

/**
 * Which owner identifier a Speakr user becomes in the token store: the value your application later gives as
 * {@code owner} to {@link org.speakr.token.core.ApiTokens#list} and {@code create}, and reads from
 * {@link org.speakr.token.core.ApiTokenPrincipal#owner()}.
 */
@FunctionalInterface
public interface OwnerMapping {
    /**
     * @param userId Speakr's {@code user.id}
     * @param username Speakr's {@code user.username}
     * @return the owner identifier; it must follow the owner rule (1–255 characters, no control characters)
     */
    String owner(long userId, String username);

    /**
     * Speakr's username. Readable, but Speakr's admins can rename users: a renamed user then no longer owns the
     * migrated tokens unless your application maps the new name too.
     *
     * @return the username mapping
     */
    static OwnerMapping username() {
        return (userId, username) -> username;
    }

    /**
     * Speakr's numeric user id, as decimal text: stable across renames; the right choice when the Java
     * application keeps Speakr's user ids.
     *
     * @return the id mapping
     */
    static OwnerMapping id() {
        return (userId, username) -> Long.toString(userId);
    }
}
