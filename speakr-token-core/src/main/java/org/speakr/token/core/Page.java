package org.speakr.token.core;

import java.util.List;
import java.util.Objects;
import org.speakr.token.core.internal.SettingValues;

/**
 * One page of a longer list, numbered from 1, with the size of the whole list. Immutable.
 *
 * @param items this page's items, at most {@code perPage}; empty past the last page
 * @param page the page number, from 1
 * @param perPage the most items a page holds, from 1 to {@value #MAX_PER_PAGE}
 * @param total how many items all pages hold together
 * @param <T> the item type
 */
public record Page<T>(List<T> items, int page, int perPage, long total) {
    /** The largest page size a caller may ask for. */
    public static final int MAX_PER_PAGE = 100;

    /**
     * Checks the numbers and takes an immutable copy of the items.
     *
     * @throws IllegalArgumentException for a page below 1, a page size outside 1–{@value #MAX_PER_PAGE}, a
     *         negative total or more items than the page size
     */
    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        checkRequest(page, perPage);
        if (total < 0 || items.size() > perPage) {
            throw SettingValues.invalid("total", "at least 0, with at most per_page items",
                    total + " with " + items.size() + " items");
        }
    }

    /** @return how many pages the whole list fills (0 for an empty list) */
    public long totalPages() {
        return (total + perPage - 1) / perPage;
    }

    /** @return the offset of this page's first item in the whole list */
    public long offset() {
        return (long) (page - 1) * perPage;
    }

    /**
     * Validates a page request in the library's message format.
     *
     * @param page the page number, from 1
     * @param perPage the page size, 1–{@value #MAX_PER_PAGE}
     * @throws IllegalArgumentException naming {@code page} or {@code per_page}
     */
    public static void checkRequest(int page, int perPage) {
        if (page < 1) {
            throw SettingValues.invalid("page", "a whole number of at least 1", page);
        }
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw SettingValues.invalid("per_page", "a whole number from 1 to " + MAX_PER_PAGE, perPage);
        }
    }
}
