package org.speakr.token.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Expiration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The cache meters on a running application with Actuator's registry, fed by real token requests. */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"speakr.token.store=memory", "spring.application.name=cache-metrics"})
class CacheMetricsTest {
    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    MeterRegistry registry;

    private double hits() {
        return registry.get(CacheMetrics.HITS).functionCounter().count();
    }

    private double misses() {
        return registry.get(CacheMetrics.MISSES).functionCounter().count();
    }

    private double size() {
        return registry.get(CacheMetrics.SIZE).gauge().value();
    }

    @Test
    void aRegistryTurnsRecordingOnAndTheMetersFollowTheRequests() {
        assertThat(tokens.cacheStatistics().recording()).isTrue();
        Http http = new Http(port);
        String bearer = "Bearer " + tokens.create("bob", "test", Expiration.never(), Set.of()).token().reveal();
        double hits = hits();
        double misses = misses();
        double size = size();

        assertThat(http.get("/api/me", "Authorization", bearer).statusCode()).isEqualTo(200); // loaded: a miss
        assertThat(http.get("/api/me", "Authorization", bearer).statusCode()).isEqualTo(200); // cached: a hit
        assertThat(http.get("/api/me", "Authorization", bearer).statusCode()).isEqualTo(200); // a hit

        assertThat(hits() - hits).isEqualTo(2);
        assertThat(misses() - misses).isEqualTo(1);
        assertThat(size() - size).isEqualTo(1);
    }

    @Test
    void theMetersAreListedByActuator() {
        Http http = new Http(port);
        String body = http.get("/actuator/metrics", "Authorization", Http.basic("alice", "secret")).body();
        assertThat(body).contains(CacheMetrics.HITS, CacheMetrics.MISSES, CacheMetrics.SIZE);
    }
}
