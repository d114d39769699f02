package org.speakr.token.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.spi.TokenRecord;

/**
 * The store's revocations: a locking read of the before-image, one conditional {@code UPDATE} that changes a row
 * only when it is not revoked at the new instant (never revoked, or only scheduled for later), and on PostgreSQL,
 * when configured, a {@code NOTIFY} per changed row, delivered at commit. A scheduled revocation notifies too:
 * listening nodes evict and reload the token and judge its future instant themselves.
 */
final class Revocations {
    private final JdbcCalls jdbc;
    private final Queries queries;
    private final String notifyChannel;

    Revocations(JdbcCalls jdbc, Queries queries, String notifyChannel) {
        this.jdbc = jdbc;
        this.queries = queries;
        this.notifyChannel = notifyChannel;
    }

    Optional<TokenRecord> revoke(String owner, String id, long at, RevocationReason reason) {
        return jdbc.inTransaction("revoke", connection -> {
            // Locking read: under MySQL/MariaDB REPEATABLE READ a plain read would show a stale snapshot.
            Optional<TokenRecord> before = jdbc.lockedSelect(connection, queries.findByIdForUpdate, queries.findById,
                            queries.takeWriteLock, id)
                    .stream().findFirst()
                    .filter(r -> r.owner().equals(owner));
            // The UPDATE itself decides (not revoked yet, or only scheduled for later), on the locked row.
            if (before.isPresent() && jdbc.update(connection, queries.revoke, at, reason.name(), id, at) == 1) {
                notifyRevoked(connection, List.of(before.get()));
            }
            return before;
        });
    }

    List<TokenRecord> revokeAll(String owner, long at, RevocationReason reason) {
        return jdbc.inTransaction("revokeAll", connection -> {
            List<TokenRecord> active = JdbcTokenStore.ownedBy(owner,
                    jdbc.lockedSelect(connection, queries.findActiveByOwnerForUpdate, queries.findActiveByOwner,
                            queries.takeWriteLock, owner, at));
            if (active.isEmpty()) {
                return active;
            }
            jdbc.batch(connection, queries.revoke,
                    active.stream().map(r -> new Object[] {at, reason.name(), r.id(), at}).toList());
            notifyRevoked(connection, active);
            return active;
        });
    }

    /** PostgreSQL only, when configured: a NOTIFY per revoked token, delivered when the transaction commits. */
    private void notifyRevoked(Connection connection, List<TokenRecord> revoked) throws SQLException {
        if (notifyChannel == null) {
            return;
        }
        try (PreparedStatement statement = jdbc.prepare(connection, queries.pgNotify)) {
            for (TokenRecord record : revoked) {
                JdbcCalls.bind(statement, notifyChannel, record.hash());
                statement.executeQuery().close();
            }
        }
    }
}
