package org.speakr.token.example.boot;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Set;
import org.speakr.token.core.ApiTokenPrincipal;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Expiration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot app whose token handling is the starter and {@code application.properties} only: {@code /api/me}
 * needs a token, {@code /api/recordings/**} a token with {@code recordings:read}.
 */
@SpringBootApplication
public class BootExample {
    public static void main(String[] args) {
        SpringApplication.run(BootExample.class, args);
    }

    @RestController
    static class Api {
        private final ApiTokens tokens;

        Api(ApiTokens tokens) {
            this.tokens = tokens;
        }

        /** Demo only: a real app creates tokens for its logged-in user, behind its own login. */
        @PostMapping("/api/tokens")
        @ResponseStatus(HttpStatus.CREATED)
        String create(@RequestParam("owner") String owner,
                @RequestParam(name = "scopes", defaultValue = "") List<String> scopes) {
            return tokens.create(owner, "demo", Expiration.never(), Set.copyOf(scopes)).token().reveal();
        }

        @GetMapping("/api/me")
        String me(HttpServletRequest request) {
            ApiTokenPrincipal principal = (ApiTokenPrincipal) request.getUserPrincipal();
            return principal.owner() + " " + principal.scopes();
        }

        @GetMapping("/api/recordings")
        List<String> recordings(HttpServletRequest request) {
            return List.of(request.getRemoteUser() + "'s first recording");
        }
    }
}
