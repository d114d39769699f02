package org.speakr.token.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.speakr.token.core.TokenStore;
import org.speakr.token.core.TokenStoreContract;

/** Runs the {@link TokenStore} contract against {@link JdbcTokenStore} on a real PostgreSQL (embedded, from Maven). */
class PostgresqlTokenStoreContractTest extends TokenStoreContract {
    private static DataSource dataSource;
    private static String table;
    private static JdbcTokenStore jdbcStore;

    @BeforeAll
    static void createTable() {
        dataSource = TestDatabases.postgres().getPostgresDatabase();
        table = TestDatabases.uniqueTableName(PostgresqlTokenStoreContractTest.class);
        jdbcStore = JdbcTokenStore.builder(dataSource).tableName(table).build();
        jdbcStore.initializeSchema();
    }

    @AfterAll
    static void dropTable() {
        TestDatabases.dropTable(dataSource, table);
    }

    @Override
    protected TokenStore createStore() {
        TestDatabases.execute(dataSource, "DELETE FROM " + table);
        return jdbcStore;
    }
}
