package org.speakr.token.spring;

import org.springframework.boot.test.context.SpringBootTest;

/** The traps on H2. */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:speakr-starter;DB_CLOSE_DELAY=-1"})
class H2StarterTest extends StarterTrapsTest {
}
