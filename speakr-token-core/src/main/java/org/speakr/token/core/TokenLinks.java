package org.speakr.token.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.speakr.token.core.spi.TokenRecord;

/** Walks the links between an owner's tokens: a child to its parent, a rotation's successor to its predecessor. */
final class TokenLinks {
    private TokenLinks() {
    }

    /**
     * @param records the tokens to search (an owner's tokens)
     * @param rootId where the walk starts
     * @param earlier each token's link to the token it came from ({@link TokenRecord#parentId},
     *        {@link TokenRecord#predecessorId}), or null
     * @return every token that comes from {@code rootId} through {@code earlier}, directly or not, nearest first;
     *         bounded by the number of records, so a corrupt cycle cannot loop
     */
    static List<TokenRecord> comingFrom(List<TokenRecord> records, String rootId,
            Function<TokenRecord, String> earlier) {
        Map<String, List<TokenRecord>> next = new HashMap<>();
        for (TokenRecord record : records) {
            String from = earlier.apply(record);
            if (from != null) {
                next.computeIfAbsent(from, id -> new ArrayList<>()).add(record);
            }
        }
        List<TokenRecord> found = new ArrayList<>();
        Deque<String> pending = new ArrayDeque<>(List.of(rootId));
        while (!pending.isEmpty() && found.size() <= records.size()) {
            for (TokenRecord record : next.getOrDefault(pending.poll(), List.of())) {
                found.add(record);
                pending.add(record.id());
            }
        }
        return found;
    }
}
