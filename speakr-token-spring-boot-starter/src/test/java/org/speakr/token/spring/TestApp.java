package org.speakr.token.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.speakr.token.core.ApiTokenPrincipal;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The application of the starter's tests: controllers only; security and tokens come from the starter. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity
@Import(TestApp.Api.class)
class TestApp {
    /** Set by a test to make every new connection of the context's data source fail. */
    static volatile boolean databaseDown;

    @Bean
    static BeanPostProcessor switchableDataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof DataSource dataSource)) {
                    return bean;
                }
                return new DelegatingDataSource(dataSource) {
                    @Override
                    public Connection getConnection() throws SQLException {
                        if (databaseDown) {
                            throw new SQLException("Connection refused (test)", "08001");
                        }
                        return super.getConnection();
                    }
                };
            }
        };
    }

    @RestController
    static class Api {
        @GetMapping("/api/me")
        String me(@AuthenticationPrincipal ApiTokenPrincipal principal, HttpServletRequest request) {
            ApiTokenPrincipal userPrincipal = (ApiTokenPrincipal) request.getUserPrincipal();
            return "owner=" + principal.owner() + " userPrincipal=" + userPrincipal.owner()
                    + " remoteUser=" + request.getRemoteUser()
                    + " authorization=" + request.getHeader("Authorization")
                    + " x-api-token=" + request.getHeader("X-API-Token");
        }

        @PostMapping("/api/recordings")
        String create(@AuthenticationPrincipal ApiTokenPrincipal principal) {
            return "created for " + principal.owner();
        }

        @GetMapping("/api/admin")
        @PreAuthorize("@speakrScopes.has('admin')")
        String admin() {
            return "admin";
        }

        @GetMapping("/api/reports")
        @PreAuthorize("hasAuthority('SCOPE_recordings:read')")
        String reports() {
            return "reports";
        }

        @GetMapping("/api/settings")
        @PreAuthorize("hasAuthority('SCOPE_admin')")
        String settings() {
            return "settings";
        }

        @PostMapping("/web/echo")
        String echo() {
            return "echo";
        }
    }
}
