/**
 * Rules shared by the library's own modules: setting parsers and the one message format, the scope rule, the
 * expiry rule, the log of failing background tasks. Not a supported API: the module exports it only to {@code org.speakr.token.servlet} and
 * {@code org.speakr.token.jdbc}, and it may change in any release.
 */
package org.speakr.token.core.internal;
