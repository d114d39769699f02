/**
 * A JDBC {@link org.speakr.token.core.spi.TokenStore} for H2, PostgreSQL, MySQL, MariaDB and SQLite, with DDL, a
 * revocation feed over PostgreSQL {@code LISTEN}/{@code NOTIFY}, and a factory that builds a token service on a
 * JNDI {@code DataSource} from settings given as text. No servlet dependency.
 */
module org.speakr.token.jdbc {
    requires transitive org.speakr.token.core;
    requires transitive java.sql;
    requires java.naming;
    requires org.slf4j;

    exports org.speakr.token.jdbc;
}
