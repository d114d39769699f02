package org.speakr.token.testkit.canary;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.EventsHandler;

/**
 * Wraps a Jetty 12 handler and hands every response it sends (status, header fields and body) to
 * {@link TokenCanary#scanResponse}. Test servers wrap their handler once: {@code server.setHandler(new
 * CanaryHandler(handler))}.
 */
public final class CanaryHandler extends EventsHandler {
    private static final String BODY = CanaryHandler.class.getName() + ".body";
    private static final int MAX_BODY = 1 << 20;

    /** @param handler the handler to observe */
    public CanaryHandler(Handler handler) {
        super(handler);
    }

    @Override
    protected void onResponseWrite(Request request, boolean last, ByteBuffer content) {
        if (content == null || !content.hasRemaining()) {
            return;
        }
        ByteArrayOutputStream body = (ByteArrayOutputStream) request.getAttribute(BODY);
        if (body == null) {
            body = new ByteArrayOutputStream();
            request.setAttribute(BODY, body);
        }
        if (body.size() < MAX_BODY) {
            ByteBuffer copy = content.slice();
            byte[] bytes = new byte[Math.min(copy.remaining(), MAX_BODY - body.size())];
            copy.get(bytes);
            body.writeBytes(bytes);
        }
    }

    @Override
    protected void onComplete(Request request, int status, HttpFields headers, Throwable failure) {
        if (!CanaryListener.enabled()) {
            return;
        }
        ByteArrayOutputStream body = (ByteArrayOutputStream) request.getAttribute(BODY);
        String text = (headers == null ? "" : headers.toString())
                + (body == null ? "" : body.toString(StandardCharsets.UTF_8))
                + (failure == null ? "" : "\n" + failure);
        TokenCanary.scanResponse(request.getMethod(), Request.getPathInContext(request), status, text);
    }
}
