package dev.blackbox.recorder.remote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.blackbox.recorder.session.HistorySource;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET {base}/v1/sessions/{id}/events} (PROTOCOL.md 6.7): {@code after_id} pages forward,
 * {@code anchor_to_latest} and {@code before_id} page backward, with the headers of 2.3 and the HIST
 * hook's 15 s timeout. The page's {@code data} elements are cut out of the response byte for byte (a
 * streaming parse notes where each starts and ends), so a backfilled frame is exactly what the history
 * returned, never a re-serialization.
 */
final class HistoryClient implements HistorySource {

    static final long TIMEOUT_MS = 15_000;
    private static final JsonFactory JSON = new JsonFactory();

    private final WebClient http;
    private final RemoteSession session;
    private final String sessionId;
    private final Supplier<String> bearer;

    HistoryClient(WebClient http, RemoteSession session, String sessionId, Supplier<String> bearer) {
        this.http = http;
        this.session = session;
        this.sessionId = sessionId;
        this.bearer = bearer;
    }

    @Override
    public Future<Page> after(String afterId, int limit) {
        return get(afterId == null ? null : "after_id", afterId, limit, false);
    }

    @Override
    public Future<Page> before(String beforeId, int limit) {
        return get(beforeId == null ? null : "before_id", beforeId, limit, beforeId == null);
    }

    private Future<Page> get(String cursorName, String cursor, int limit, boolean anchorToLatest) {
        String authorization;
        try {
            authorization = bearer.get();
        } catch (IllegalStateException e) {
            return Future.failedFuture(e.getMessage());
        }
        HttpRequest<Buffer> request = http.getAbs(session.eventsUri(sessionId).toString())
                .timeout(TIMEOUT_MS)
                .addQueryParam("limit", String.valueOf(limit))
                .putHeader("Authorization", authorization)
                .putHeader("anthropic-version", "2023-06-01")
                .putHeader("anthropic-beta", "ccr-byoc-2025-07-29")
                .putHeader("x-organization-uuid", session.orgUuid());
        if (anchorToLatest) {
            request.addQueryParam("anchor_to_latest", "true");
        }
        if (cursorName != null) {
            request.addQueryParam(cursorName, cursor);
        }
        return request.send().compose(response -> {
            if (response.statusCode() == 400 && cursor != null) {
                return Future.failedFuture(new UnknownCursor("the history does not know event " + cursor));
            }
            if (response.statusCode() != 200) {
                return Future.failedFuture("history: HTTP " + response.statusCode());
            }
            try {
                return Future.succeededFuture(parse(response.body() == null ? new byte[0] : response.body().getBytes()));
            } catch (IOException | RuntimeException e) {
                return Future.failedFuture("history: unreadable page: " + e.getMessage());
            }
        });
    }

    /** {@code {data: [...], has_more, first_id, last_id}}, each element of {@code data} as its own bytes. */
    static Page parse(byte[] body) throws IOException {
        List<byte[]> events = new ArrayList<>();
        boolean hasMore = false;
        String firstId = null;
        String lastId = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "data" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new IOException("'data' is not an array");
                        }
                        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                            int start = (int) p.currentTokenLocation().getByteOffset();
                            if (t.isStructStart()) {
                                p.skipChildren();
                            } else {
                                p.finishToken(); // a scalar's text is read lazily: read it to its end
                            }
                            int end = (int) p.currentLocation().getByteOffset();
                            events.add(Arrays.copyOfRange(body, start, end));
                        }
                    }
                    case "has_more" -> hasMore = value == JsonToken.VALUE_TRUE;
                    case "first_id" -> firstId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "last_id" -> lastId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    default -> p.skipChildren();
                }
            }
        }
        return new Page(events, hasMore, firstId, lastId);
    }
}
