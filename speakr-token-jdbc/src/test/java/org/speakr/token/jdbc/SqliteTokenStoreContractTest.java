package org.speakr.token.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.speakr.token.core.spi.TokenStore;
import org.speakr.token.testkit.TokenStoreContract;

/** Runs the {@link TokenStore} contract against {@link JdbcTokenStore} on SQLite (xerial sqlite-jdbc), in a WAL-mode file. */
class SqliteTokenStoreContractTest extends TokenStoreContract {
    private static ContractTable table;

    @BeforeAll
    static void createTable() {
        table = ContractTable.create(TestDatabases.sqlite("contract"), SqliteTokenStoreContractTest.class);
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
