package org.speakr.token.example;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.TokenEvent;
import org.speakr.token.core.TokenEventListener;

/**
 * Where the app keeps what the token library tells it about leaked tokens: each {@link TokenEvent.Leaked} (the
 * library revoked a token because a scanner or a stranger reported it published) becomes a row of
 * {@code speakr_token_leak}, so the token page can show its owner where the token was found. The library stores
 * the revocation and its reason ({@code LEAKED}) but not the source URL, which is the app's to keep.
 */
final class LeakLog implements TokenEventListener {
    private static final Logger log = LoggerFactory.getLogger(LeakLog.class);
    /** The most leak reports listed for one owner, newest first. */
    static final int MAX_LISTED = 100;

    /** Portable DDL: runs unchanged on H2 2.x and PostgreSQL. One row per token: a token is revoked once. */
    private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS speakr_token_leak ("
            + " token_id VARCHAR(64) PRIMARY KEY,"
            + " owner VARCHAR(255) NOT NULL,"
            + " reporter VARCHAR(64) NOT NULL,"
            + " source_url VARCHAR(2048),"
            + " reported_at TIMESTAMP WITH TIME ZONE NOT NULL)";

    private final DataSource dataSource;

    LeakLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the table if missing. */
    void initialize() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(SCHEMA);
        }
    }

    /** One leak as the page shows it. */
    record Leak(String tokenId, String reporter, String sourceUrl, Instant reportedAt) {
    }

    @Override
    public void onEvent(TokenEvent event) {
        if (!(event instanceof TokenEvent.Leaked leaked)) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement ps = connection.prepareStatement("INSERT INTO speakr_token_leak"
                        + " (token_id, owner, reporter, source_url, reported_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, leaked.tokenId());
            ps.setString(2, leaked.owner());
            ps.setString(3, leaked.reporter());
            ps.setString(4, leaked.sourceUrl());
            ps.setObject(5, Database.utc(leaked.at()));
            ps.executeUpdate();
        } catch (SQLException e) {
            // The token is revoked all the same; only the page's "found at" line is lost.
            log.error("Could not record the leak report of token {}: {}", leaked.tokenId(), e.toString());
        }
    }

    /** @return the owner's leaked tokens, newest report first, at most {@value #MAX_LISTED} */
    List<Leak> forOwner(String owner) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement ps = connection.prepareStatement("SELECT token_id, reporter, source_url,"
                        + " reported_at FROM speakr_token_leak WHERE owner = ? ORDER BY reported_at DESC, token_id")) {
            ps.setString(1, owner);
            ps.setMaxRows(MAX_LISTED);
            try (ResultSet rs = ps.executeQuery()) {
                List<Leak> leaks = new ArrayList<>();
                while (rs.next()) {
                    leaks.add(new Leak(rs.getString("token_id"), rs.getString("reporter"),
                            rs.getString("source_url"), Database.instant(rs, "reported_at")));
                }
                return leaks;
            }
        }
    }
}
