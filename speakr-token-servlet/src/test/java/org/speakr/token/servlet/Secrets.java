package org.speakr.token.servlet;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;
import java.util.Set;

/**
 * Every token plaintext the tests create, so that the canary checks can assert none of them ever shows up
 * in a log line or in what a servlet behind the filter sees.
 */
final class Secrets {
    private static final List<String> ALL = new CopyOnWriteArrayList<>();

    private Secrets() {
    }

    static CreatedToken create(ApiTokens tokens, String owner, String name, Expiration expiration, String... scopes) {
        CreatedToken created = tokens.create(owner, name, expiration, Set.of(scopes));
        ALL.add(created.token().reveal());
        return created;
    }

    /** Remembers a token made another way (rotation, networks) and returns it. */
    static CreatedToken remember(CreatedToken created) {
        ALL.add(created.token().reveal());
        return created;
    }

    /** @return every plaintext created so far */
    static List<String> all() {
        return List.copyOf(ALL);
    }

    /**
     * @param text what to search
     * @return the plaintexts found in {@code text}, for an exact failure message (the test output, not a log)
     */
    static List<String> foundIn(String text) {
        return ALL.stream().filter(text::contains).toList();
    }
}
