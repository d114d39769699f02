package org.speakr.token.servlet;

import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty 12 server on 127.0.0.1 and a free port. {@link #context()} puts filters on path prefixes in
 * front of an {@link EchoServlet} mapped to everything.
 */
final class TestServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final String host;

    private TestServer(Handler handler) {
        this(handler, "127.0.0.1");
    }

    private TestServer(Handler handler, String host) {
        this.host = host;
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(0);
        // Large enough for the 10 KB header cases to reach the filter instead of Jetty's 431.
        connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration().setRequestHeaderSize(32 * 1024);
        server.addConnector(connector);
        server.setHandler(new org.speakr.token.testkit.canary.CanaryHandler(handler));
    }

    /** @return a context at {@code /} with the echo servlet on {@code /*} */
    static ServletContextHandler context() {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new EchoServlet()), "/*");
        return context;
    }

    /** Puts {@code filter} in front of everything under {@code /prefix/}. */
    static void filter(ServletContextHandler context, String prefix, ApiTokenFilter filter) {
        context.addFilter(new FilterHolder(filter), "/" + prefix + "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    /** Starts a server around {@code handler}. */
    static TestServer start(Handler handler) throws Exception {
        TestServer server = new TestServer(handler);
        server.server.start();
        return server;
    }

    /** Starts a server around {@code handler} listening on {@code host}, e.g. {@code ::1}. */
    static TestServer start(Handler handler, String host) throws Exception {
        TestServer server = new TestServer(handler, host);
        try {
            server.server.start();
        } catch (Exception e) {
            server.server.stop();
            throw e;
        }
        return server;
    }

    /** A server that is not started yet, for start-up failure tests. */
    static TestServer create(Handler handler) {
        return new TestServer(handler);
    }

    void startServer() throws Exception {
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    /** @return the URI of {@code pathAndQuery} on this server, e.g. {@code /a/x?y=1} */
    URI uri(String pathAndQuery) {
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + pathAndQuery);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            // Not thrown out of close(): a try-with-resources could swallow an interrupt it cannot see.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the test server", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the test server", e);
        }
    }
}
