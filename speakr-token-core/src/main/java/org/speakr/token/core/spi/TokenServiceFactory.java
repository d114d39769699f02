package org.speakr.token.core.spi;

import java.util.Map;
import java.util.Set;
import org.speakr.token.core.ApiTokens;

/**
 * Creates a token service from settings given as text, for deployments configured by name rather than in
 * code: a servlet filter's {@code web.xml} init-params, for example. Implementations need a public no-arg
 * constructor; whoever calls {@link #create} owns the returned service and closes it.
 *
 * <p>The caller checks every given name against {@link org.speakr.token.core.ApiTokenSettings#NAMES}, its
 * own names and {@link #settingNames()}, so a misspelt setting fails instead of being ignored.
 */
public interface TokenServiceFactory {

    /**
     * The names this factory reads besides {@link org.speakr.token.core.ApiTokenSettings#NAMES}.
     *
     * @return the extra setting names; empty by default
     */
    default Set<String> settingNames() {
        return Set.of();
    }

    /**
     * Creates the service.
     *
     * @param settings every setting given to this factory, the core's and its own, by name; the core's are
     *        applied through {@link ApiTokens.Builder#apply(Map)}
     * @return a new, running token service, never {@code null}
     * @throws IllegalArgumentException for a missing or invalid setting, in the form
     *         {@code <setting>: expected <rule>, got '<value>'}
     */
    ApiTokens create(Map<String, String> settings);
}
