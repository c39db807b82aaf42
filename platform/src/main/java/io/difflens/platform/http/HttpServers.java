package io.difflens.platform.http;

import reactor.netty.http.server.HttpServer;

/**
 * The one way difflens creates its HTTP servers (ingest API, schema registry, evaluator, dashboard, health and
 * metrics), so a transport setting is decided once.
 *
 * <p>Known issue: reactor-netty 1.3.7 has an HTTP/1.1 keep-alive bug (reactor-netty issues 4188 and 4361): a
 * request that arrives on a kept-alive connection before the previous exchange's operations have terminated
 * is buffered and then never read, so that client waits until its own timeout. It is fixed in reactor-netty
 * 1.3.8, which needs a Netty release the build cannot fetch here. Closing every connection after one request
 * ({@code maxKeepAliveRequests(1)}) avoids it but was tried and dropped: a request refused before its body is
 * read (413, body over the limit) then ends in a connection reset that can swallow the 413. Until the upgrade,
 * clients that see a request hang should retry it on a new connection.
 */
public final class HttpServers {

    private HttpServers() {
    }

    /** A server with difflens's transport settings; callers add host, port and routes. */
    public static HttpServer create() {
        return HttpServer.create();
    }
}
