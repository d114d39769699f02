package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** An exception that escapes a servlet becomes {@code {"error":"Server Error"}}: no stack, no message. */
class JsonErrorHandlerTest {

    static final class Throwing extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getRequestURI().endsWith("/send-error")) {
                resp.sendError(418, "secret detail in sendError");
                return;
            }
            throw new IllegalStateException("secret detail at /boom");
        }
    }

    @Test
    void uncaughtExceptionAndSendErrorThenJsonWithoutDetails() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler.ServerLevel());
        ServletContextHandler context = new ServletContextHandler();
        context.setErrorHandler(new JsonErrorHandler());
        context.addServlet(new ServletHolder(new Throwing()), "/*");
        server.setHandler(context);
        server.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            for (String accept : new String[] {"text/html", "application/json", "*/*"}) {
                HttpResponse<String> boom = client.send(HttpRequest.newBuilder(server.getURI().resolve("/boom"))
                        .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(boom.statusCode()).isEqualTo(500);
                assertThat(boom.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/json"));
                assertThat(boom.body()).isEqualTo("{\"error\":\"Server Error\"}");
            }
            HttpResponse<String> sent = client.send(HttpRequest.newBuilder(
                    URI.create(server.getURI() + "send-error")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sent.statusCode()).isEqualTo(418);
            assertThat(sent.body()).doesNotContain("secret").startsWith("{\"error\":");
        } finally {
            server.stop();
        }
    }
}
