package io.difflens.platform.http;

import reactor.netty.http.server.HttpServer;

/**
 * The one way difflens creates its HTTP servers (ingest API, schema registry, evaluator, dashboard, health and
 * metrics), so a transport setting is decided once.
 *
 * <p>Each connection serves one request and is then closed ({@code maxKeepAliveRequests(1)}). reactor-netty
 * 1.3.7 has an HTTP/1.1 keep-alive bug (reactor-netty issues 4188 and 4361): a request that arrives on a kept-alive
 * connection before the previous exchange's operations have terminated is buffered and then never read, so the
 * client waits until its own timeout while the server sits idle. Full builds here hit it (an ingest request with
 * {@code ?wait=PT1S} that never got its 504). The fix ships in reactor-netty 1.3.8, which needs a Netty release
 * the build cannot fetch here; when the build moves to it, lift this limit. A new TCP connection per request is
 * cheap next to what the requests carry (images, model calls).
 */
public final class HttpServers {

    private HttpServers() {
    }

    /** A server with difflens's transport settings; callers add host, port and routes. */
    public static HttpServer create() {
        return HttpServer.create().maxKeepAliveRequests(1);
    }
}
