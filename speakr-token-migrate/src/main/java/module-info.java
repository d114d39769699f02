/**
 * Imports the API tokens of a Speakr database (SQLite or PostgreSQL) into a speakr-token
 * {@link org.speakr.token.core.spi.TokenStore}: {@link org.speakr.token.migrate.SpeakrImporter} from code,
 * {@link org.speakr.token.migrate.SpeakrMigrationCommand} from the command line.
 */
module org.speakr.token.migrate {
    requires transitive org.speakr.token.core;
    requires transitive java.sql;
    requires org.speakr.token.jdbc;

    exports org.speakr.token.migrate;
}
