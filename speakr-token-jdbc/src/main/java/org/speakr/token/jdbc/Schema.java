package org.speakr.token.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates the token table, or upgrades one of the previous schema in place: a table without the
 * {@code revocation_reason} and {@code parent_id} columns gets them (and the index on {@code parent_id}) from
 * {@code schema-upgrade-<database>.sql}, then the schema resource's idempotent statements run. The probes are
 * two {@code SELECT … WHERE 1 = 0}, so a table that is up to date costs no DDL at all.
 */
final class Schema {
    private Schema() {
    }

    /** Creates or upgrades the table; commits when the connection is not in auto-commit mode. */
    static void initialize(Connection connection, JdbcCalls jdbc, String tableName) throws SQLException {
        Dialect dialect = Dialect.of(connection.getMetaData().getDatabaseProductName());
        if (!selects(connection, jdbc, "SELECT parent_id, revocation_reason FROM " + tableName + " WHERE 1 = 0")
                && selects(connection, jdbc, "SELECT id FROM " + tableName + " WHERE 1 = 0")) {
            execute(connection, jdbc, dialect.upgradeStatements(tableName));
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
