package org.speakr.token.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates the token table, or upgrades one of an earlier schema in place: each upgrade step whose columns the
 * table lacks runs its {@code schema-upgrade-<step>-<database>.sql}, in order, then the schema resource's
 * idempotent statements run. The probes are {@code SELECT … WHERE 1 = 0}, so a table that is up to date costs
 * no DDL at all.
 */
final class Schema {
    /** The columns each upgrade step adds, in step order (step 1 first). */
    private static final List<String> STEP_COLUMNS = List.of(
            "revocation_reason, parent_id",
            "last_used_address, last_used_user_agent, allowed_networks, predecessor_id, expiry_noticed");

    private Schema() {
    }

    /** Creates or upgrades the table; commits when the connection is not in auto-commit mode. */
    static void initialize(Connection connection, JdbcCalls jdbc, String tableName) throws SQLException {
        Dialect dialect = Dialect.of(connection.getMetaData().getDatabaseProductName());
        if (selects(connection, jdbc, "SELECT id FROM " + tableName + " WHERE 1 = 0")) {
            for (int step = 1; step <= STEP_COLUMNS.size(); step++) {
                if (!selects(connection, jdbc, "SELECT " + STEP_COLUMNS.get(step - 1) + " FROM " + tableName
                        + " WHERE 1 = 0")) {
                    execute(connection, jdbc, dialect.upgradeStatements(step, tableName));
                }
            }
        }
        execute(connection, jdbc, dialect.statements(tableName));
    }

    private static void execute(Connection connection, JdbcCalls jdbc, List<String> ddl) throws SQLException {
        for (String sql : ddl) {
            try (Statement statement = jdbc.statement(connection)) {
                statement.execute(sql);
            }
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    /** Whether the query runs; a failure is rolled back, so PostgreSQL keeps the transaction usable. */
    private static boolean selects(Connection connection, JdbcCalls jdbc, String sql) throws SQLException {
        try (Statement statement = jdbc.statement(connection)) {
            statement.executeQuery(sql).close();
            return true;
        } catch (SQLException missing) {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            return false;
        }
    }
}
