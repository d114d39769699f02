package org.speakr.token.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shipped DDL dialects: which one a database is (from its product name), which {@code schema-*.sql}
 * resource it gets (and which {@code schema-upgrade-<step>-*.sql} bring an older table up to date), how index names
 * differ between vendors, whether rows can be locked by a read, and how the script is split into statements.
 */
enum Dialect {
    H2("schema-h2.sql", true, true),
    POSTGRESQL("schema-postgresql.sql", false, true),
    MYSQL("schema-mysql.sql", false, true),
    /** No {@code SELECT … FOR UPDATE}: a read-modify-write takes the database's write lock first. */
    SQLITE("schema-sqlite.sql", true, false);

    /** Index names are the table name cut to this length plus a suffix such as {@code _revoked_ix}: 63 at most. */
    private static final int MAX_INDEX_PREFIX = 52;
    private static final String INDEX_PREFIX = "%INDEX_PREFIX%";

    private final String resource;
    private final boolean indexNamesQualified;
    private final boolean rowLocks;

    Dialect(String resource, boolean indexNamesQualified, boolean rowLocks) {
        this.resource = resource;
        this.indexNamesQualified = indexNamesQualified;
        this.rowLocks = rowLocks;
    }

    /**
     * @param productName {@link java.sql.DatabaseMetaData#getDatabaseProductName()}
     * @return the dialect of that database
     * @throws IllegalStateException for a database without a shipped schema
     */
    static Dialect of(String productName) {
        Dialect dialect = find(productName);
        if (dialect == null) {
            throw new IllegalStateException("initializeSchema supports H2, PostgreSQL, MySQL, MariaDB and SQLite, not '"
                    + productName + "'; create the table from one of the schema-*.sql resources instead");
        }
        return dialect;
    }

    /**
     * @param productName {@link java.sql.DatabaseMetaData#getDatabaseProductName()}
     * @return the dialect of that database, or {@code null} for a database without a shipped schema
     */
    static Dialect find(String productName) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (name.contains("h2")) {
            return H2;
        }
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        if (name.contains("mysql") || name.contains("mariadb")) {
            return MYSQL;
        }
        if (name.contains("sqlite")) {
            return SQLITE;
        }
        return null;
    }

    /**
     * @return whether {@code SELECT … FOR UPDATE} locks the rows it reads; if not (SQLite), a read-modify-write
     *         transaction starts with a write, which takes the database's write lock as {@code BEGIN IMMEDIATE}
     *         would, so concurrent writers queue up and each reads the latest committed state
     */
    boolean rowLocks() {
        return rowLocks;
    }

    /** @return the DDL resource's name, next to this class */
    String resource() {
        return resource;
    }

    /**
     * @param step the upgrade step, from 1
     * @return the name of the step's resource, {@code schema-upgrade-<step>-<database>.sql}: the DDL that adds
     *         that step's columns to a table of the schema before it
     */
    String upgradeResource(int step) {
        return resource.replace("schema-", "schema-upgrade-" + step + "-");
    }

    /** @return the schema resource's statements with the table name and index prefix filled in */
    List<String> statements(String tableName) {
        return statements(resource, tableName);
    }

    /** @return the upgrade step's statements with the table name and index prefix filled in */
    List<String> upgradeStatements(int step, String tableName) {
        return statements(upgradeResource(step), tableName);
    }

    /** @return the statements of a DDL resource next to this class, with the table name and index prefix filled in */
    List<String> statements(String resource, String tableName) {
        int dot = tableName.indexOf('.');
        String schema = dot < 0 ? "" : tableName.substring(0, dot + 1);
        String table = tableName.substring(dot + 1);
        String prefix = table.substring(0, Math.min(table.length(), MAX_INDEX_PREFIX));
        if (indexNamesQualified) {
            prefix = schema + prefix;
        }
        return split(Queries.render(load(resource), tableName).replace(INDEX_PREFIX, prefix));
    }

    /** Splits a script at lines ending in {@code ;}, leaving out blank lines and {@code --} comment lines. */
    private static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        return statements;
    }

    private static String load(String resource) {
        try (InputStream in = Dialect.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + resource, e);
        }
    }
}
