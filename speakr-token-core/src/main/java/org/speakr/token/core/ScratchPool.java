package org.speakr.token.core;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The service's hashing engines, lent to one call at a time: a small array of slots, each holding at most one
 * {@link TokenScratch}. A call takes the scratch of the slot its thread hashes to (one atomic swap) and puts it
 * back when done (one release store); when the slot is empty, because another thread holds it, the call makes a
 * fresh scratch, which then may take the slot. So threads never block each other, and nothing is kept per thread:
 * unlike a {@code ThreadLocal}, the pool leaves no entry on a container's pooled threads, and {@link #close()}
 * drops every engine, the pepper-keyed {@code Mac}s included.
 *
 * <p>Price: two uncontended atomic operations per call, no allocation once warm. Slots are spaced a cache line
 * apart so two cores do not fight over one line.
 */
final class ScratchPool {
    /** Slots per cache line (64 bytes of 4- or 8-byte references): only every STRIDE-th slot is used. */
    private static final int STRIDE = 16;

    private final TokenHashing hashing;
    private final AtomicReferenceArray<TokenScratch> slots;
    private final int mask;
    private volatile boolean closed;

    ScratchPool(TokenHashing hashing) {
        this.hashing = hashing;
        int wanted = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        int size = Integer.highestOneBit(Math.min(wanted, 256) - 1) << 1;
        this.mask = size - 1;
        this.slots = new AtomicReferenceArray<>(size * STRIDE);
    }

    /** @return a scratch only the caller uses until it hands it to {@link #release} */
    TokenScratch acquire() {
        TokenScratch scratch = slots.getAndSet(slot(), null);
        return scratch != null ? scratch : new TokenScratch(hashing);
    }

    /** Puts {@code scratch} back for later calls, its token bytes already dropped; after close it is let go. */
    void release(TokenScratch scratch) {
        scratch.release();
        if (!closed) {
            slots.setRelease(slot(), scratch);
        }
    }

    /** Drops every pooled engine; later calls still work, with a fresh scratch each. */
    void close() {
        closed = true;
        for (int i = 0; i < slots.length(); i++) {
            slots.set(i, null);
        }
    }

    /** @return how many engines the pool holds now (for tests) */
    int pooled() {
        int count = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                count++;
            }
        }
        return count;
    }

    private int slot() {
        int h = System.identityHashCode(Thread.currentThread());
        h ^= h >>> 16;
        return (h & mask) * STRIDE;
    }
}
