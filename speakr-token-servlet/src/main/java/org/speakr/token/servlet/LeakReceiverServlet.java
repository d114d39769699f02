package org.speakr.token.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import org.speakr.token.core.ApiTokens;

/**
 * The servlet around a {@link LeakReceiver}, shared by the public front doors of each partner: built with a token
 * service and keys, or configured from init-params in {@link #init()}.
 */
abstract class LeakReceiverServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient LeakReceiver.Partner partner;
    /** Where the partner's key document is when no init-param names one, or null when one must be named. */
    private final transient URI defaultKeys;
    private transient volatile LeakReceiver receiver;

    LeakReceiverServlet(LeakReceiver.Partner partner, URI defaultKeys) {
        this.partner = partner;
        this.defaultKeys = defaultKeys;
    }

    LeakReceiverServlet(LeakReceiver.Partner partner, ApiTokens tokens, VerificationKeys keys) {
        this(partner, null);
        this.receiver = new LeakReceiver(partner, Objects.requireNonNull(tokens, "tokens"),
                Objects.requireNonNull(keys, "keys"));
    }

    /**
     * Reads the init-params unless constructed with a token service.
     *
     * @throws ServletException naming an unknown or invalid init-param
     */
    @Override
    public final void init() throws ServletException {
        if (receiver != null) {
            return;
        }
        LeakServletParams.checkKnown(getServletConfig(), Set.of(LeakServletParams.TOKEN_SERVICE_ATTRIBUTE,
                LeakServletParams.PUBLIC_KEYS_URL, LeakServletParams.PUBLIC_KEYS_FILE));
        receiver = new LeakReceiver(partner, LeakServletParams.tokens(getServletConfig()),
                LeakServletParams.keys(getServletConfig(), defaultKeys));
    }

    @Override
    protected final void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LeakReceiver r = receiver;
        if (r == null) {
            LeakAnswers.errorUnread(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "temporarily_unavailable", "The receiver is not initialised", LeakAnswers.STORE_RETRY_SECONDS);
            return;
        }
        r.handle(request, response);
    }
}
