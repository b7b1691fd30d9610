package org.vnfx.portal.http;

import com.sun.net.httpserver.HttpHandler;

/**
 * One part of the portal's URL space: {@code handler} answers every path that starts with {@code prefix} (the JDK
 * server's context rule: the longest matching prefix wins, so {@code "/"} takes whatever no other route does).
 */
public record Route(String prefix, HttpHandler handler) {
    public Route {
        if (prefix == null || !prefix.startsWith("/")) throw new IllegalArgumentException("a route's prefix starts with '/', got " + prefix);
        if (handler == null) throw new IllegalArgumentException("route " + prefix + " has no handler");
    }
}
