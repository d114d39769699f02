package org.speakr.token.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.opentest4j.TestAbortedException;
import org.speakr.token.core.spi.TokenStore;
import org.speakr.token.testkit.TokenStoreContract;

/**
 * Runs the {@link TokenStore} contract against {@link JdbcTokenStore} on the MariaDB (or MySQL) named by
 * {@code SPEAKR_TEST_MARIADB_URL}. Without it every test is reported as skipped, with the reason on stderr;
 * with {@code SPEAKR_REQUIRE_MARIADB=1} a missing or unreachable server fails the class.
 */
class MariaDbTokenStoreContractTest extends TokenStoreContract {
    private static ContractTable table;
    private static String skipReason;

    @BeforeAll
    static void createTable() {
        DataSource dataSource;
        try {
            dataSource = TestDatabases.mariaDb();
        } catch (TestAbortedException e) {
            skipReason = e.getMessage();
            return;
        }
        table = ContractTable.create(dataSource, MariaDbTokenStoreContractTest.class);
    }

    @AfterAll
    static void dropTable() {
        if (table != null) {
            table.drop();
        }
    }

    @Override
    protected TokenStore createStore() {
        if (skipReason != null) {
            Assumptions.abort(skipReason);
        }
        return table.emptiedStore();
    }
}
