package org.speakr.token.jdbc;

import javax.sql.DataSource;

/**
 * The table one contract test class runs the {@link org.speakr.token.core.TokenStoreContract} on: created with
 * the store's own schema under a unique name, emptied before each test, dropped after the class.
 */
final class ContractTable {
    private final DataSource dataSource;
    private final String table;
    private final JdbcTokenStore store;

    private ContractTable(DataSource dataSource, Class<?> testClass) {
        this.dataSource = dataSource;
        this.table = TestDatabases.uniqueTableName(testClass);
        this.store = JdbcTokenStore.builder(dataSource).tableName(table).build();
        store.initializeSchema();
    }

    /** Creates the table for {@code testClass} in {@code dataSource}. */
    static ContractTable create(DataSource dataSource, Class<?> testClass) {
        return new ContractTable(dataSource, testClass);
    }

    /** @return the store, its table emptied */
    JdbcTokenStore emptiedStore() {
        TestDatabases.execute(dataSource, "DELETE FROM " + table);
        return store;
    }

    void drop() {
        TestDatabases.dropTable(dataSource, table);
    }
}
