/**
 * Personal API tokens: issue, hash, expire, revoke and verify.
 *
 * <p>{@code org.speakr.token.core} is for applications (the entry point is
 * {@link org.speakr.token.core.ApiTokens}); {@code org.speakr.token.core.spi} is for authors of stores and
 * integrations. {@code org.speakr.token.core.internal} is read only by the library's own modules.
 */
// "module": the qualified export names modules that are compiled after this one ("module not found").
@SuppressWarnings("module")
module org.speakr.token.core {
    requires org.slf4j;
    requires com.github.benmanes.caffeine;

    exports org.speakr.token.core;
    exports org.speakr.token.core.spi;
    exports org.speakr.token.core.internal to org.speakr.token.servlet, org.speakr.token.jdbc, org.speakr.token.migrate;
}
