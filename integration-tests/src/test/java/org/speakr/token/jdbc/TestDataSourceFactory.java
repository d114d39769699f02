package org.speakr.token.jdbc;

import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.RefAddr;
import javax.naming.Reference;
import javax.naming.spi.ObjectFactory;
import javax.sql.DataSource;

/**
 * A JNDI {@link ObjectFactory} for a container's {@code <Resource factory="...">}: hands out the {@link DataSource}
 * a test registered under the resource's {@code key} property (a working one, or a {@link FaultyDataSource}).
 * Test helper; public with a no-arg constructor because the container instantiates it.
 */
public class TestDataSourceFactory implements ObjectFactory {
    private static final Map<String, DataSource> REGISTERED = new ConcurrentHashMap<>();

    static void register(String key, DataSource dataSource) {
        REGISTERED.put(key, dataSource);
    }

    @Override
    public Object getObjectInstance(Object obj, Name name, Context nameCtx, Hashtable<?, ?> environment) {
        if (!(obj instanceof Reference reference)) {
            return null;
        }
        RefAddr key = reference.get("key");
        return key == null ? null : REGISTERED.get(String.valueOf(key.getContent()));
    }
}
