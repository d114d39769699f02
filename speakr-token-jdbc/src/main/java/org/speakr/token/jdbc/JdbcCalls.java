package org.speakr.token.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import javax.sql.DataSource;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.TokenStoreException;

/**
 * Runs one store operation on a connection of its own: takes it from the {@code DataSource} and closes it at
 * once, puts the query timeout on every statement, commits or rolls back the operation's transaction (restoring
 * auto-commit), and turns any {@link SQLException} into a {@link TokenStoreException} that names the operation and
 * the table but no parameter value. Nothing is retried.
 */
final class JdbcCalls {

    /** The work of one operation on its connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final String tableName;
    private final int queryTimeoutSeconds;
    private volatile Dialect dialect;
    private volatile boolean dialectKnown;

    JdbcCalls(DataSource dataSource, String tableName, int queryTimeoutSeconds) {
        this.dataSource = dataSource;
        this.tableName = tableName;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    /** Runs reads in the connection's own mode, with no transaction of ours: no extra round trip. */
    <T> T query(String operation, Work<T> work) {
        return run(operation, null, false, work);
    }

    /** Runs work in one transaction, committed at the end and rolled back when it throws. */
    <T> T inTransaction(String operation, Work<T> work) {
        return run(operation, null, true, work);
    }

    /**
     * As {@link #inTransaction(String, Work)}, but an integrity-constraint violation (SQLState class 23) fails
     * as {@code token store failed on <operation>: <duplicate> in table <table> (SQLState <state>)}.
     */
    <T> T inTransaction(String operation, String duplicate, Work<T> work) {
        return run(operation, duplicate, true, work);
    }

    /**
     * @return the database's dialect, read from the first connection's metadata (a local call) and kept, or
     *         {@code null} for a database without a shipped schema
     */
    Dialect dialect(Connection connection) throws SQLException {
        if (!dialectKnown) {
            dialect = Dialect.find(connection.getMetaData().getDatabaseProductName());
            dialectKnown = true;
        }
        return dialect;
    }

    /** @return a prepared statement with the query timeout set */
    PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        return withTimeout(connection.prepareStatement(sql));
    }

    /** @return a plain statement (for DDL) with the query timeout set */
    Statement statement(Connection connection) throws SQLException {
        return withTimeout(connection.createStatement());
    }

    /** Prepares, binds ({@link #bind}) and executes one update; closes the statement. */
    int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        }
    }

    /** Prepares, binds ({@link #bind}) and executes one {@code SELECT COUNT(*)}; closes the statement. */
    long count(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Prepares {@code sql} once and executes it as one JDBC batch: one set of parameters per entry. */
    void batch(Connection connection, String sql, List<Object[]> parameterSets) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql)) {
            for (Object[] parameters : parameterSets) {
                bind(statement, parameters);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Binds parameters 1…n in order, each a {@code String}, a {@code Long} or {@code null} (a NULL string). */
    static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] == null) {
                statement.setNull(i + 1, Types.VARCHAR);
            } else if (parameters[i] instanceof Long value) {
                statement.setLong(i + 1, value);
            } else {
                statement.setString(i + 1, (String) parameters[i]);
            }
        }
    }

    private <S extends Statement> S withTimeout(S statement) throws SQLException {
        try {
            statement.setQueryTimeout(queryTimeoutSeconds);
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }

    private <T> T run(String operation, String duplicate, boolean transaction, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return transaction ? transaction(connection, work) : work.run(connection);
        } catch (SQLException e) {
            if (duplicate != null && isIntegrityViolation(e)) {
                throw new TokenStoreException("token store failed on " + operation + ": " + duplicate + " in table "
                        + tableName + " (SQLState " + e.getSQLState() + ")", e);
            }
            String what = e instanceof SQLTimeoutException
                    ? "timed out after " + queryTimeoutSeconds + " s"
                    : e.getClass().getSimpleName() + ", SQLState " + e.getSQLState() + ", error code "
                            + e.getErrorCode();
            throw new TokenStoreException("token store failed on " + operation + " (table " + tableName + "): "
                    + what, e);
        }
    }

    private static <T> T transaction(Connection connection, Work<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        if (autoCommit) {
            connection.setAutoCommit(false);
        }
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            if (autoCommit) {
                try {
                    connection.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the connection is closed next; a pool resets or discards it
                }
            }
        }
    }

    private static boolean isIntegrityViolation(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLIntegrityConstraintViolationException || (state != null && state.startsWith("23"));
    }

    /** Runs a SELECT of the token columns with parameters (Strings or Longs) and reads every row. */
    List<TokenRecord> select(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql)) {
            bind(statement, parameters);
            return TokenRows.readAll(statement);
        }
    }

    /**
     * The read of a read-modify-write: {@code forUpdate} where reads lock rows; elsewhere (SQLite) {@code plain}
     * after {@code takeWriteLock}, a write that takes the database's write lock, so concurrent writers queue up
     * either way.
     */
    List<TokenRecord> lockedSelect(Connection connection, String forUpdate, String plain, String takeWriteLock,
            Object... parameters) throws SQLException {
        Dialect dialect = dialect(connection);
        if (dialect == null || dialect.rowLocks()) {
            return select(connection, forUpdate, parameters);
        }
        update(connection, takeWriteLock);
        return select(connection, plain, parameters);
    }
}
