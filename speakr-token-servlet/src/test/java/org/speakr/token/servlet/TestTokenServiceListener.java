package org.speakr.token.servlet;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.speakr.token.core.ApiTokens;

/** Publishes the application's {@link ApiTokens} as the ServletContext attribute {@code speakr.tokens}. */
public class TestTokenServiceListener implements ServletContextListener {
    /** The service the application owns; set by the test before deployment. */
    static volatile ApiTokens tokens;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        event.getServletContext().setAttribute("speakr.tokens", tokens);
    }
}
