package org.speakr.token.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.speakr.token.core.spi.TokenStore;
import org.speakr.token.testkit.TokenStoreContract;

/** Runs the {@link TokenStore} contract against {@link JdbcTokenStore} on a real PostgreSQL (embedded, from Maven). */
class PostgresqlTokenStoreContractTest extends TokenStoreContract {
    private static ContractTable table;

    @BeforeAll
    static void createTable() {
        table = ContractTable.create(TestDatabases.postgres().getPostgresDatabase(),
                PostgresqlTokenStoreContractTest.class);
    }

    @AfterAll
    static void dropTable() {
        table.drop();
    }

    @Override
    protected TokenStore createStore() {
        return table.emptiedStore();
    }
}
