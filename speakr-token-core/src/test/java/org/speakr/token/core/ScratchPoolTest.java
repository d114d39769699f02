package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.InMemoryTokenStore;

class ScratchPoolTest {
    static final byte[] PEPPER = new byte[TokenHashing.MIN_PEPPER_BYTES];

    static ApiTokens hmacService() {
        return ApiTokens.builder().store(new InMemoryTokenStore())
                .hashing(TokenHashing.hmacSha256("k2", PEPPER).withPreviousKey("k1", new byte[40]))
                .revocationPollInterval(Duration.ZERO).build();
    }

    @Test
    @DisplayName("issue 12 item 5: after close() no thread-local of the library remains on the calling thread")
    void closeWhenHmacTokensWereAuthenticatedThenNoThreadLocalOfTheLibraryRemainsOnTheThread() throws Exception {
        ApiTokens tokens = hmacService();
        String token = tokens.create("alice", "n8n", Expiration.never()).token().reveal();
        assertThat(tokens.authenticate(token).isAuthenticated()).isTrue();
        assertThat(tokens.authenticate("spk_garbage").isAuthenticated()).isFalse();

        tokens.close();

        assertThat(libraryThreadLocalValues(Thread.currentThread())).isEmpty();
        Reference.reachabilityFence(tokens);
    }

    @Test
    void closeThenEveryPooledEngineIsDroppedAndLaterCallsStillHash() {
        ScratchPool pool = new ScratchPool(TokenHashing.hmacSha256("k2", PEPPER));
        TokenScratch scratch = pool.acquire();
        pool.release(scratch);
        assertThat(pool.pooled()).isEqualTo(1);
        assertThat(pool.acquire()).isSameAs(scratch);
        pool.release(scratch);

        pool.close();

        assertThat(pool.pooled()).isZero();
        TokenScratch later = pool.acquire();
        assertThat(later).isNotSameAs(scratch);
        assertThat(later.digest(0, "spk_x")).isEqualTo(scratch.digest(0, "spk_x"));
        pool.release(later);
        assertThat(pool.pooled()).isZero();
    }

    @Test
    void releaseDropsTheTokenBytesSoNoPooledEngineKeepsASecret() {
        ScratchPool pool = new ScratchPool(TokenHashing.sha256());
        TokenScratch scratch = pool.acquire();
        scratch.hold(new byte[] {'s', 'p', 'k'});
        pool.release(scratch);
        assertThat(pool.acquire()).isSameAs(scratch);
        org.assertj.core.api.Assertions.assertThatThrownBy(scratch::length).isInstanceOf(NullPointerException.class);
    }

    @Test
    void twoThreadsHoldingScratchesAtOnceNeverShareOne() throws Exception {
        ScratchPool pool = new ScratchPool(TokenHashing.sha256());
        TokenScratch mine = pool.acquire();
        CountDownLatch done = new CountDownLatch(1);
        TokenScratch[] theirs = new TokenScratch[1];
        Thread other = new Thread(() -> {
            theirs[0] = pool.acquire();
            done.countDown();
        });
        other.start();
        done.await();
        other.join();
        assertThat(theirs[0]).isNotSameAs(mine);
    }

    /** The values of {@code thread}'s thread-locals whose class belongs to this library. */
    static List<Object> libraryThreadLocalValues(Thread thread) throws ReflectiveOperationException {
        Field threadLocals = Thread.class.getDeclaredField("threadLocals");
        threadLocals.setAccessible(true);
        Object map = threadLocals.get(thread);
        List<Object> found = new ArrayList<>();
        if (map == null) {
            return found;
        }
        Field tableField = map.getClass().getDeclaredField("table");
        tableField.setAccessible(true);
        for (Object entry : (Object[]) tableField.get(map)) {
            if (entry == null) {
                continue;
            }
            Field valueField = entry.getClass().getDeclaredField("value");
            valueField.setAccessible(true);
            Object value = valueField.get(entry);
            if (value != null && value.getClass().getName().startsWith("org.speakr.token.")) {
                found.add(value);
            }
        }
        return found;
    }
}
