/* codes_table.c — the built-in status-code reference: every code named in the five seed
 * references, one row per (code, origin), in our own words. Keep it sorted by (code,
 * official first, origin case-insensitively); tests/test_codes.c checks that. */
#include "codes.h"

/* Row layout: {code, origin, name, aliases, meaning, rfc, flags, details, advice}.
 * 000, 009, 104, 464 and 599 are not in the seeds; they are added because servers,
 * proxies or the IANA registry have them. The layout
 * is kept by hand (one field group per line), so clang-format leaves the table alone. */
/* clang-format off */
const struct code_entry codes_builtin[] = {
	/* other: numbers below 100 that servers write to logs in place of a status */
	{0, "AWS ELB", "No Response", "",
	 "AWS Application Load Balancer: the connection was closed without an HTTP response.",
	 "", 0,
	 "AWS documents 000 for this case: on an HTTP/2 connection where the compressed length "
	 "of a request header exceeds 8 KB, the load balancer sends a GOAWAY frame and closes "
	 "the connection instead of answering.",
	 "Look for HTTP/2 clients sending oversized headers (cookies, tokens)."},
	{0, "curl", "No Response", "",
	 "curl and tools built on it: no HTTP response was received at all.",
	 "", 0,
	 "curl's %{http_code} prints 000 when the transfer failed before a status line arrived "
	 "(DNS failure, refused connection, TLS error, timeout), and monitoring scripts often log "
	 "that value as the status.",
	 "A probe or client could not reach the server; check DNS, connectivity and TLS from "
	 "where it runs."},
	{0, "nginx", "No Status", "",
	 "nginx logged the request before any status had been set.",
	 "", CODE_COMMON,
	 "nginx writes 000 when a request ends without a response status ever being chosen, "
	 "for instance when the connection or an HTTP/2 stream is torn down while the request is "
	 "still being read or processed. Nothing was sent to the client.",
	 "Usually clients going away very early; a burst points to a network problem or to "
	 "connections cut by a load balancer in front of nginx."},
	{9, "nginx", "HTTP/0.9 Request", "",
	 "nginx: an HTTP/0.9 request, whose reply has no status line at all.",
	 "", 0,
	 "A request line without an HTTP version is HTTP/0.9, which knows no status codes or "
	 "headers; when no other status applied, nginx logs 009 for it.",
	 "Real HTTP/0.9 clients are long gone: this is scanners, health checks written by hand, "
	 "or non-HTTP traffic on the port."},

	/* 1xx */
	{100, "IANA", "Continue", "",
	 "The request headers were accepted; the client may go on and send the body.",
	 "RFC 9110, Section 15.2.1", CODE_OFFICIAL,
	 "An interim reply in the Expect: 100-continue exchange. A client about to upload a "
	 "large body first sends only the headers with Expect: 100-continue and waits: 100 means "
	 "go ahead, an error such as 403 or 405 means the body need not be sent at all, and 417 "
	 "means something in the response chain does not support expectations, so the request "
	 "should be repeated without the header. An HTTP/1.0 server does not answer 417: it "
	 "ignores the expectation (RFC 9110, Section 10.1.1).",
	 "Rare as a logged final status; if it shows up, the exchange ended after the interim "
	 "reply, so look at how the client or proxy handles uploads."},
	{101, "IANA", "Switching Protocols", "",
	 "The server agrees to change to the protocol the client asked for in Upgrade.",
	 "RFC 9110, Section 15.2.2", CODE_OFFICIAL,
	 "Answers a request carrying an Upgrade header; the reply names the protocol chosen in "
	 "its own Upgrade header and the connection speaks that protocol from then on, nowadays "
	 "mostly WebSocket. The mechanism belongs to HTTP/1.1: HTTP/2 forbids it.",
	 "Normal on WebSocket endpoints; the logged time and bytes cover the whole upgraded "
	 "session, so long durations are expected."},
	{102, "IANA", "Processing", "",
	 "Interim reply: the request arrived and is still being worked on.",
	 "RFC 2518, Section 10.1", CODE_OFFICIAL | CODE_DEPRECATED,
	 "Created for WebDAV, where one request can fan out into many slow file operations, so "
	 "that the client would not time out and conclude the request was lost. The later WebDAV "
	 "specification (RFC 4918) dropped it and current references call it deprecated.",
	 "Should not be a final status; if logged, a WebDAV client or server is misbehaving."},
	{103, "IANA", "Early Hints", "",
	 "Interim reply with headers (mostly Link) the final response is expected to carry.",
	 "RFC 8297", CODE_OFFICIAL,
	 "Lets a server that is still preparing its answer tell the browser which resources will "
	 "be needed, through Link headers (preload, preconnect), so it can start fetching early; "
	 "a Content-Security-Policy header may come along and applies to those hints. A server "
	 "may send several, e.g. across a redirect, but browsers use only the first and discard "
	 "it if the request ends in a cross-origin redirect.",
	 "Interim only; a final 103 in a log usually means the logging point recorded the hint "
	 "instead of the real response."},
	{103, "Resumable requests", "Checkpoint", "",
	 "Proposed interim reply for resuming an aborted PUT or POST.",
	 "", CODE_EXPERIMENTAL,
	 "Belonged to a resumable-requests proposal that let a client continue an interrupted "
	 "upload from where it stopped. It never became a standard, and the number is now "
	 "registered for Early Hints.",
	 "In current logs 103 is Early Hints; treat Checkpoint as history."},
	{104, "IANA", "Upload Resumption Supported", "",
	 "Interim reply: the server can resume this upload if the transfer breaks.",
	 "draft-ietf-httpbis-resumable-upload-05", CODE_OFFICIAL | CODE_EXPERIMENTAL,
	 "A temporary IANA registration (2024-11-13, extended to 2026-11-13) for the resumable "
	 "uploads draft: early in an upload the server tells the client where the upload can be "
	 "resumed, so a broken connection does not mean starting over.",
	 "Interim only; a final 104 in a log means the logging point recorded the interim reply."},

	/* 2xx */
	{200, "IANA", "OK", "",
	 "The request succeeded.",
	 "RFC 9110, Section 15.3.1", CODE_OFFICIAL,
	 "What the body holds depends on the method: the resource for GET, nothing but headers "
	 "for HEAD, a description of the outcome for POST, the request as received for TRACE. "
	 "Cacheable by default. PUT and DELETE more often answer 204, or 201 when something new "
	 "was created.",
	 "The baseline; judge it by its share against 4xx and 5xx rather than on its own."},
	{201, "IANA", "Created", "",
	 "The request succeeded and created a new resource.",
	 "RFC 9110, Section 15.3.2", CODE_OFFICIAL,
	 "The usual reply to a POST, or to a PUT that brought a resource into existence; the new "
	 "resource is normally identified by the Location header.",
	 "Counts writes; a sudden jump can be a retrying client creating duplicates."},
	{202, "IANA", "Accepted", "",
	 "The request was accepted for processing that has not finished.",
	 "RFC 9110, Section 15.3.3", CODE_OFFICIAL,
	 "Deliberately non-committal: HTTP has no way to report the outcome later, so the work "
	 "may still fail or be refused. Meant for jobs handed to another process or run in "
	 "batches.",
	 "Success in the log is not success of the job; check the queue or worker for the "
	 "outcome."},
	{203, "IANA", "Non-Authoritative Information", "",
	 "Success, but a transforming proxy altered the origin's response.",
	 "RFC 9110, Section 15.3.4", CODE_OFFICIAL,
	 "Sent by an intermediary such as a web accelerator that got 200 from the origin and "
	 "passes on a modified copy, or by a mirror whose metadata comes from a local or "
	 "third-party copy rather than the origin. Outside that case 200 is preferred.",
	 "Rare; it means something between client and origin rewrites responses."},
	{204, "IANA", "No Content", "NoContent",
	 "Success, with no body to send.",
	 "RFC 9110, Section 15.3.5", CODE_OFFICIAL,
	 "The headers can still matter: the client may refresh its cached metadata from them. A "
	 "common answer to DELETE and PUT; some services also use it for OPTIONS requests.",
	 "Zero body bytes are expected; a 204 with a non-empty body points to a broken "
	 "application."},
	{205, "IANA", "Reset Content", "",
	 "Success; the client should reset the document that sent the request.",
	 "RFC 9110, Section 15.3.6", CODE_OFFICIAL,
	 "Like 204 it carries no content, and additionally asks the user agent to reset its "
	 "view, for example to clear a form for the next entry.",
	 "Rare and harmless."},
	{206, "IANA", "Partial Content", "",
	 "Only the requested byte range(s) of the resource are sent.",
	 "RFC 9110, Section 15.3.7", CODE_OFFICIAL,
	 "The answer to a Range request (byte serving). Clients use ranges to resume broken "
	 "downloads, split a download into parallel streams or seek within media.",
	 "Normal for video, large files and download managers; many 206s for one file from one "
	 "client is seeking or parallel fetching, not an attack in itself."},
	{207, "IANA", "Multi-Status", "",
	 "The body (XML by default) reports separate statuses for several resources.",
	 "RFC 4918, Section 11.1", CODE_OFFICIAL,
	 "WebDAV: a request that touches many resources reports each sub-result inside a "
	 "multistatus body, with as many response codes as there were sub-requests, so the outer "
	 "207 says little by itself.",
	 "Failures hide inside the body; check the WebDAV server's own log, 207 is not "
	 "all-success."},
	{208, "IANA", "Already Reported", "",
	 "Members of this binding were already listed earlier in the same multistatus reply.",
	 "RFC 5842, Section 7.1", CODE_OFFICIAL,
	 "Used inside a DAV propstat element so that a collection reachable through several "
	 "bindings is enumerated once instead of over and over. Only meaningful within a 207 "
	 "body.",
	 "Not expected as a top-level status in access logs."},
	{218, "Apache", "This is fine", "",
	 "Catch-all that lets error bodies through Apache when ProxyErrorOverride is on.",
	 "", CODE_DUBIOUS,
	 "With ProxyErrorOverride enabled Apache replaces 4xx and 5xx bodies from the backend "
	 "with its own or an ErrorDocument page; 218 is described as a way to let such bodies "
	 "flow through. No Apache documentation defines it, and the reference that lists it "
	 "flags the claim as dubious.",
	 "Very rare; confirm against the Apache and backend configuration before trusting the "
	 "label."},
	{226, "IANA", "IM Used", "",
	 "The response is the result of instance manipulations (such as a delta) applied to the "
	 "resource.",
	 "RFC 3229, Section 10.4.1", CODE_OFFICIAL,
	 "From delta encoding in HTTP: the client asked for a GET result transformed by one or "
	 "more instance manipulations, typically a difference against a version it already "
	 "holds, and the server sent that instead of the full resource.",
	 "Rare; comes from delta-capable feed readers and caches."},

	/* 3xx */
	{300, "IANA", "Multiple Choices", "",
	 "Several representations exist; the client should pick one.",
	 "RFC 9110, Section 15.4.1", CODE_OFFICIAL,
	 "Agent-driven content negotiation: the server offers alternatives (video formats, file "
	 "extensions, meanings of an ambiguous word), ideally as links, since there is no "
	 "standard way to choose automatically.",
	 "Uncommon; usually a disambiguation page or a content-negotiation setup."},
	{301, "IANA", "Moved Permanently", "",
	 "The resource has a new permanent URI, given in Location.",
	 "RFC 9110, Section 15.4.2", CODE_OFFICIAL,
	 "This and all later requests should go to the new URI, and clients and search engines "
	 "update their links. Clients may turn a POST into a GET when following it; 308 keeps "
	 "the method.",
	 "The common permanent redirect: expected after URL migrations; many 301s on one path mean links or clients still use "
	 "the old address."},
	{302, "IANA", "Found", "Moved Temporarily",
	 "The resource is temporarily at another URI; keep using the original one.",
	 "RFC 9110, Section 15.4.3", CODE_OFFICIAL,
	 "HTTP/1.0 (RFC 1945) called it Moved Temporarily and wanted the request repeated with "
	 "the same method, but browsers switched to GET, as 303 does. HTTP/1.1 therefore added "
	 "303 (switch to GET) and 307 (keep the method) to tell the two apart; many frameworks "
	 "still send 302 where 303 is meant.",
	 "Common for login redirects; a loop shows as one client alternating between two paths."},
	{303, "IANA", "See Other", "",
	 "The result is at another URI, to be fetched with GET.",
	 "RFC 9110, Section 15.4.4", CODE_OFFICIAL,
	 "Typically sent after a POST (or PUT, DELETE): the server took the data and points the "
	 "client to a page it should retrieve with a new GET, the post/redirect/get pattern.",
	 "Normal after form submissions."},
	{304, "IANA", "Not Modified", "",
	 "The client's cached copy is still valid; no body is sent.",
	 "RFC 9110, Section 15.4.5", CODE_OFFICIAL,
	 "The answer to a conditional GET or HEAD (If-None-Match, If-Modified-Since) whose "
	 "validator still matches, so the client reuses the copy it already holds instead of "
	 "downloading again.",
	 "Caching at work; a low 304 share for static files may mean missing ETag or "
	 "Last-Modified."},
	{305, "IANA", "Use Proxy", "",
	 "Deprecated: the resource was to be fetched through the proxy named in the response.",
	 "RFC 9110, Section 15.4.6", CODE_OFFICIAL | CODE_DEPRECATED,
	 "Defined by HTTP/1.1 and later deprecated: letting a server send clients through an "
	 "arbitrary proxy is a security risk, and major browsers never obeyed it.",
	 "Should not be sent; find the application producing it."},
	{306, "IANA", "(Unused)", "Switch Proxy; Unused",
	 "Reserved; no longer used.",
	 "RFC 9110, Section 15.4.7", CODE_OFFICIAL | CODE_UNUSED,
	 "Once meant that subsequent requests should go through the proxy given (Switch Proxy), "
	 "in a draft of HTTP/1.1. The number stays reserved so it is never given another "
	 "meaning.",
	 "Should never appear; a logged 306 is a bug or a forged status."},
	{307, "IANA", "Temporary Redirect", "",
	 "Repeat the request at another URI with the same method; keep the original URI for "
	 "later.",
	 "RFC 9110, Section 15.4.8", CODE_OFFICIAL,
	 "The method-keeping counterpart of 302: a POST must be repeated as a POST, unlike how "
	 "302 was historically implemented.",
	 "Normal for temporary moves and maintenance redirects."},
	{308, "IANA", "Permanent Redirect", "",
	 "The resource moved for good; repeat this and future requests at the new URI, same "
	 "method.",
	 "RFC 9110, Section 15.4.9", CODE_OFFICIAL,
	 "Stands to 301 as 307 stands to 302: the method may not change, so a form POST to a "
	 "permanently moved endpoint still works. First defined in RFC 7538.",
	 "As for 301; the better choice for endpoints that receive POST."},

	/* 4xx */
	{400, "IANA", "Bad Request", "BadRequest",
	 "The server will not process the request because of a client error.",
	 "RFC 9110, Section 15.5.1", CODE_OFFICIAL,
	 "The catch-all for requests the server blames on the client when nothing more precise "
	 "applies: malformed syntax, broken message framing, oversized parts, deceptive routing.",
	 "A burst from one address is usually a scanner or a broken client; spread over many "
	 "clients, suspect a proxy or a recent API change."},
	{401, "IANA", "Unauthorized", "",
	 "Authentication is required and is missing or was rejected.",
	 "RFC 9110, Section 15.5.2", CODE_OFFICIAL,
	 "The response must carry a WWW-Authenticate challenge (Basic, Digest, Bearer ...) "
	 "telling the client how to authenticate. Despite the name it is about authentication; "
	 "403 is for a known client that is not allowed.",
	 "Some 401s are the normal first step of a login; many from one address look like "
	 "password guessing."},
	{402, "IANA", "Payment Required", "",
	 "Reserved for future use, originally for digital payment schemes.",
	 "RFC 9110, Section 15.5.3", CODE_OFFICIAL | CODE_RESERVED,
	 "Never given standard semantics. Some services use it their own way: Google APIs when a "
	 "developer exceeds the daily quota, Sipgate when an account cannot pay for a call, "
	 "Shopify when a store has not paid its fees and is disabled, Stripe when a well-formed "
	 "payment fails (for example blocked as fraud).",
	 "The meaning depends on the application; find which service behind the proxy sent it."},
	{403, "IANA", "Forbidden", "",
	 "The server understood the request but refuses to fulfil it.",
	 "RFC 9110, Section 15.5.4", CODE_OFFICIAL,
	 "The client may be identified but lacks permission, needs an account, or tried a "
	 "forbidden action; also used when credentials were understood but not accepted. "
	 "Repeating the same request will not help.",
	 "Expected from deny rules and WAFs; a rise on ordinary pages points to a permission or "
	 "rule change."},
	{404, "IANA", "Not Found", "NotFound",
	 "Nothing is found at the target URI: no such page or resource (it may exist later).",
	 "RFC 9110, Section 15.5.5", CODE_OFFICIAL,
	 "The server has no current representation of the resource, or will not admit that one "
	 "exists. Unlike 410 it says nothing about permanence, so asking again later is allowed.",
	 "Group by path: scanners probe things like /wp-login.php and /.env, broken links show "
	 "as one path with many referers."},
	{405, "IANA", "Method Not Allowed", "MethodNotAllowed",
	 "The resource does not support the request method.",
	 "RFC 9110, Section 15.5.6", CODE_OFFICIAL,
	 "The method is known but this resource does not accept it, e.g. GET on an endpoint that "
	 "needs POST, or PUT on something read-only; the Allow header lists what is accepted.",
	 "Often scanners trying PUT, DELETE or TRACE; from real clients, a routing or API "
	 "mismatch."},
	{406, "IANA", "Not Acceptable", "",
	 "No representation matches what the request's Accept headers allow.",
	 "RFC 9110, Section 15.5.7", CODE_OFFICIAL,
	 "Proactive content negotiation failed: the resource exists only in types, languages or "
	 "encodings the client said it will not take.",
	 "Usually a client with an over-strict Accept header, or a security module set to answer "
	 "with 406."},
	{407, "IANA", "Proxy Authentication Required", "",
	 "The client must authenticate with the proxy first.",
	 "RFC 9110, Section 15.5.8", CODE_OFFICIAL,
	 "Like 401, but the challenge comes from a proxy in Proxy-Authenticate and the client "
	 "answers with Proxy-Authorization.",
	 "Seen on forward proxies; a stream from one client means its proxy credentials are "
	 "wrong or missing."},
	{408, "IANA", "Request Timeout", "Request Time-out",
	 "The server stopped waiting for the client to send a complete request.",
	 "RFC 9110, Section 15.5.9", CODE_OFFICIAL,
	 "The client took longer to send its request than the server would wait; it is free to "
	 "send the same request again later. Servers also send it when closing an idle "
	 "connection (keep-alive or browser preconnect) that never carried a request.",
	 "Mostly idle keep-alive connections being closed, usually harmless; many slow partial "
	 "requests can be a slowloris-style attack."},
	{409, "IANA", "Conflict", "",
	 "The request clashes with the resource's present state.",
	 "RFC 9110, Section 15.5.10", CODE_OFFICIAL,
	 "For example an edit conflict between simultaneous updates, a version mismatch on PUT, "
	 "or creating something that already exists. The client may be able to resolve it and "
	 "resubmit.",
	 "Application-level; a steady stream suggests concurrent writers or racing retries."},
	{410, "IANA", "Gone", "",
	 "The resource was removed on purpose and will not come back.",
	 "RFC 9110, Section 15.5.11", CODE_OFFICIAL,
	 "Unlike 404 it is permanent: clients should stop asking and search engines should drop "
	 "the URL. Most sites simply answer 404 instead.",
	 "Deliberate removals; requests keep coming from old links and crawlers for a while."},
	{411, "IANA", "Length Required", "",
	 "The server requires a Content-Length header, which was missing.",
	 "RFC 9110, Section 15.5.12", CODE_OFFICIAL,
	 "The resource will not take a request body whose length is not declared up front, such "
	 "as a chunked upload to a server that does not accept chunked bodies.",
	 "A client or proxy sending bodies without a length; check the uploading client."},
	{412, "IANA", "Precondition Failed", "",
	 "A condition in the request headers (If-Match, If-Unmodified-Since ...) was false.",
	 "RFC 9110, Section 15.5.13", CODE_OFFICIAL,
	 "Optimistic concurrency: the client asked for the action only if the resource was still "
	 "in a given state, and it has changed since.",
	 "Expected with concurrent editors; many from one client suggest stale caches or bad "
	 "ETag handling."},
	{413, "IANA", "Content Too Large", "Payload Too Large; Request Entity Too Large",
	 "The request body exceeds the size the server accepts.",
	 "RFC 9110, Section 15.5.14", CODE_OFFICIAL,
	 "The server may drop the connection so the client stops uploading, and adds Retry-After "
	 "when the limit is only temporary. RFC 2616 called it Request Entity Too Large and RFC "
	 "7231 Payload Too Large before RFC 9110 renamed it.",
	 "Compare with the configured body limit (nginx client_max_body_size, proxy and app "
	 "limits); rises follow new upload features or larger files."},
	{414, "IANA", "URI Too Long", "Request-URI Too Long; Request-URI Too Large",
	 "The request target is longer than the server will process.",
	 "RFC 9110, Section 15.5.15", CODE_OFFICIAL,
	 "Often a GET carrying so much data in its query string that it should have been a POST; "
	 "also redirect loops that keep appending to the URI, or probing attacks.",
	 "Look for a redirect loop growing the query string or a client stuffing data into GET."},
	{415, "IANA", "Unsupported Media Type", "",
	 "The body's format is not supported for this resource.",
	 "RFC 9110, Section 15.5.16", CODE_OFFICIAL,
	 "The Content-Type or Content-Encoding is one the resource does not handle, e.g. an "
	 "image sent as image/svg+xml where another format is required, or form data posted to a "
	 "JSON-only API.",
	 "An API client sending the wrong Content-Type; usually one integration."},
	{416, "IANA", "Range Not Satisfiable", "Requested Range Not Satisfiable",
	 "None of the requested byte ranges can be served.",
	 "RFC 9110, Section 15.5.17", CODE_OFFICIAL,
	 "The requested part of the file does not exist, typically a range beyond its end, as "
	 "when resuming the download of a file that has since shrunk or changed.",
	 "Usually resumed downloads of changed files; harmless in small numbers."},
	{417, "IANA", "Expectation Failed", "",
	 "The server cannot meet the request's Expect header.",
	 "RFC 9110, Section 15.5.18", CODE_OFFICIAL,
	 "Mostly Expect: 100-continue reaching a server or proxy that does not support "
	 "expectations; the client should repeat the request without the Expect header.",
	 "Check the proxies in the path; clients such as curl add Expect: 100-continue to large "
	 "uploads."},
	{418, "IANA", "(Unused)", "",
	 "Not used by HTTP; the number is reserved because of a joke protocol's teapot.",
	 "RFC 9110, Section 15.5.19", CODE_OFFICIAL | CODE_UNUSED | CODE_RESERVED,
	 "The registry lists 418 as (Unused). An April 1 RFC gave the number to a teapot (see "
	 "the HTCPCP entry), and so many implementations answer with it as a joke that RFC 9110 "
	 "keeps it reserved: it cannot be given to anything else for now, though it may be "
	 "reassigned if the 4xx numbers ever run out.",
	 "Deliberate: some sites and bot filters answer unwanted clients with it."},
	{418, "HTCPCP", "I'm a teapot", "",
	 "HTCPCP: a teapot was asked to brew coffee and refuses.",
	 "", 0,
	 "From the Hyper Text Coffee Pot Control Protocol, an April Fools' joke (RFC 2324, 1998, "
	 "extended by RFC 7168 for tea), never meant for real servers and not an HTTP status.",
	 "Easter eggs and bot filters; harmless unless an API uses it for real errors."},
	{419, "Laravel", "Page Expired", "",
	 "Laravel: the CSRF token was missing or expired.",
	 "", 0,
	 "Laravel's CSRF protection rejects a form post whose token is absent or no longer "
	 "valid, typically because the session expired while the form stayed open.",
	 "Users posting stale forms; a flood points to broken session storage or dropped "
	 "cookies."},
	{420, "Spring", "Method Failure", "",
	 "Spring Framework: a method failed (deprecated).",
	 "", CODE_DEPRECATED,
	 "Spring's METHOD_FAILURE constant, taken from early WebDAV drafts that never kept it; "
	 "Spring has deprecated it.",
	 "Rare; read the Spring application's log."},
	{420, "Twitter", "Enhance Your Calm", "",
	 "Rate limited: the client sends too many requests (Twitter's retired code).",
	 "", CODE_COMMON | CODE_RETIRED,
	 "Version 1 of Twitter's Search and Trends API returned it to rate-limited clients; "
	 "version 1.1 moved to 429 and the old API is retired. Some rate limiters and "
	 "applications still borrow the code, which makes it the usual meaning of 420 in "
	 "access logs. The phrase comes from the 1993 film Demolition Man.",
	 "Treat like 429: find the limiter or application that sends it and who hits it."},
	{421, "IANA", "Misdirected Request", "",
	 "The request reached a server that cannot answer for this scheme and host.",
	 "RFC 9110, Section 15.5.20", CODE_OFFICIAL,
	 "Typically caused by connection reuse: an HTTP/2 or TLS connection opened for one host "
	 "name is reused for another that this server is not set up (or certified) to serve. "
	 "First defined in RFC 7540; the client may retry on a new connection.",
	 "Check certificates and virtual-host/SNI setup where several names share an address."},
	{422, "IANA", "Unprocessable Content", "Unprocessable Entity; UnprocessableEntity",
	 "The request is well-formed, but its content cannot be acted on (semantic errors).",
	 "RFC 9110, Section 15.5.21", CODE_OFFICIAL,
	 "Syntax and media type are fine but the instructions make no sense, such as failed "
	 "validation in an API. Introduced by WebDAV (RFC 4918) as Unprocessable Entity; RFC "
	 "9110 generalised and renamed it.",
	 "API validation errors; group by endpoint to find the client sending bad data."},
	{423, "IANA", "Locked", "",
	 "The resource is locked.",
	 "RFC 4918, Section 11.3", CODE_OFFICIAL,
	 "WebDAV: the source or destination resource is under a lock whose token the request "
	 "does not present.",
	 "WebDAV clients running into stale locks; look for a crashed editor still holding one."},
	{424, "IANA", "Failed Dependency", "",
	 "The action failed because another action it depended on failed.",
	 "RFC 4918, Section 11.4", CODE_OFFICIAL,
	 "WebDAV: for example one instruction in a PROPPATCH failed, so the others in the same "
	 "request were not applied either.",
	 "Find the first failing operation of the same request."},
	{425, "IANA", "Too Early", "",
	 "The server refuses, for now, a request that an attacker could have replayed.",
	 "RFC 8470, Section 5.2", CODE_OFFICIAL,
	 "Relates to TLS 1.3 early data (0-RTT): data sent before the handshake finishes can be "
	 "replayed by an attacker, so a server may refuse such requests and have the client "
	 "retry after the handshake.",
	 "Expected in small numbers with 0-RTT enabled; clients retry on their own."},
	{426, "IANA", "Upgrade Required", "",
	 "The server refuses the current protocol; the client must switch to the one in Upgrade.",
	 "RFC 9110, Section 15.5.22", CODE_OFFICIAL,
	 "The server names the protocol it requires (a newer TLS or HTTP version, for instance) "
	 "in an Upgrade header and will serve the request only after the client switches.",
	 "Clients too old for the server's protocol policy; check client versions."},
	{428, "IANA", "Precondition Required", "",
	 "The server only accepts this request in conditional form (with If-Match or similar).",
	 "RFC 6585, Section 3", CODE_OFFICIAL,
	 "Guards against lost updates: a client could GET a resource, change it and PUT it back "
	 "after someone else modified it meanwhile; requiring If-Match makes the conflict "
	 "detectable.",
	 "API clients leaving out If-Match; fix the client."},
	{429, "IANA", "Too Many Requests", "TooManyRequests",
	 "The client exceeded a request-rate limit.",
	 "RFC 6585, Section 4", CODE_OFFICIAL,
	 "The reply of rate limiters; Retry-After may say how long to wait. It superseded ad-hoc "
	 "codes such as Twitter's 420.",
	 "Group by client to see who hits the limit; a jump for everyone means a limit set too "
	 "low or many users behind one NAT or proxy address."},
	{430, "Shopify", "Security Rejection", "Request Header Fields Too Large",
	 "Shopify: the request was rejected as potentially malicious.",
	 "", 0,
	 "Shopify's security layer refuses requests it judges harmful, largely by the reputation "
	 "of the client's address, so clients on shared cloud addresses can be caught. The older "
	 "meaning is outdated: Shopify used to throttle clients requesting too many URLs with "
	 "430 (named Request Header Fields Too Large, after an early draft of 431) and now uses "
	 "429 for that.",
	 "A client blocked by Shopify's security checks; look at its address, user agent and "
	 "request pattern."},
	{431, "IANA", "Request Header Fields Too Large", "",
	 "One header field, or all of them together, is too large.",
	 "RFC 6585, Section 5", CODE_OFFICIAL,
	 "The server refuses to process the request until the header block is made smaller; "
	 "oversized cookies are the usual culprit.",
	 "Usually cookie bloat on one domain; check cookie sizes and the header buffer limits."},
	{440, "IIS", "Login Time-out", "",
	 "IIS: the session expired and the client must log in again.",
	 "", 0,
	 "A Microsoft IIS extension telling the client that its session is over and it has to "
	 "authenticate anew.",
	 "Expired sessions; a spike can follow a restart that wiped the session store."},
	{444, "nginx", "No Response", "",
	 "nginx closed the connection without sending any response.",
	 "", 0,
	 "Not a reply at all: with 'return 444' nginx drops the connection at once and the "
	 "number appears only in its own log; the client sees an empty reply or a reset.",
	 "Usually a deny rule (unknown Host, blocked bots or scanners); find the server block or "
	 "rule that returns 444."},
	{449, "IIS", "Retry With", "",
	 "IIS: the request lacks required information; retry once it is supplied.",
	 "", 0,
	 "A Microsoft extension: something the server needs from the user is missing, so the "
	 "request has to be sent again with that information included.",
	 "Application-specific on IIS; check which parameter the application expects."},
	{450, "Microsoft", "Blocked by Windows Parental Controls", "",
	 "Windows Parental Controls blocked the requested page.",
	 "", 0,
	 "A Microsoft extension shown when Parental Controls are on and deny access to the page.",
	 "A client-side policy, not a server problem."},
	{451, "IANA", "Unavailable For Legal Reasons", "",
	 "Access is refused because of a legal demand.",
	 "RFC 7725, Section 3", CODE_OFFICIAL,
	 "The operator received a legal demand (court order, government censorship) that covers "
	 "the resource. The number refers to the novel Fahrenheit 451.",
	 "Legal or geographic blocking; check that the rules apply only where intended."},
	{451, "IIS", "Redirect", "",
	 "Exchange ActiveSync: another server should handle this mailbox.",
	 "", 0,
	 "Sent by Exchange ActiveSync (on IIS) when a more efficient server exists or this one "
	 "cannot reach the user's mailbox; the client should repeat Autodiscover to find the "
	 "right server. Unrelated to the official 451.",
	 "On Exchange hosts it redirects mobile mail clients; elsewhere read 451 as the legal "
	 "block."},
	{460, "AWS ELB", "Client Closed Connection", "",
	 "The client closed its connection to the load balancer before the idle timeout.",
	 "", 0,
	 "Logged by AWS Elastic Load Balancing when the client gives up first, typically because "
	 "its own timeout is shorter than the load balancer's.",
	 "Like nginx 499: compare client timeouts with backend latency; slow requests are the "
	 "usual trigger."},
	{463, "AWS ELB", "Too Many Forwarded Addresses", "X-Forwarded-For Too Long",
	 "The load balancer got an X-Forwarded-For header listing more than 30 IP addresses.",
	 "", 0,
	 "AWS load balancers reject requests whose X-Forwarded-For chain exceeds 30 addresses.",
	 "Look for a forwarding loop between proxies or a client forging X-Forwarded-For."},
	{464, "AWS ELB", "Incompatible Protocol Versions", "",
	 "The request's protocol does not match the target group's protocol version.",
	 "", 0,
	 "An AWS Application Load Balancer code, e.g. an HTTP/1.1 request sent to a target group "
	 "configured for gRPC or HTTP/2, or gRPC sent to an HTTP/1.1 target group.",
	 "Check the target group's protocol version against what the clients speak."},
	{494, "nginx", "Request Header Too Large", "",
	 "nginx: the request or one header line exceeded its header buffers.",
	 "", 0,
	 "An nginx-internal refinement of 400 for oversized headers "
	 "(large_client_header_buffers). nginx answers and logs 400 instead, unless an "
	 "error_page for 494 with =CODE sets another status, so 494 itself almost never reaches "
	 "an access log; it mostly shows in error_page rules.",
	 "Large cookies or tokens; raise the header buffers or trim what the client sends."},
	{495, "nginx", "SSL Certificate Error", "",
	 "nginx: the client presented an invalid certificate.",
	 "", 0,
	 "An nginx-internal refinement of 400 used with client-certificate verification when the "
	 "certificate offered does not verify. nginx answers and logs 400 instead, unless an "
	 "error_page for 495 with =CODE sets another status, so 495 itself almost never reaches "
	 "an access log.",
	 "Check the client certificate chain against ssl_client_certificate."},
	{496, "nginx", "SSL Certificate Required", "",
	 "nginx: a client certificate was required but none was sent.",
	 "", 0,
	 "An nginx-internal refinement of 400 used when ssl_verify_client is on and the client "
	 "offered no certificate. nginx answers and logs 400 instead, unless an error_page for "
	 "496 with =CODE sets another status, so 496 itself almost never reaches an access log.",
	 "A client without its certificate configured, or a browser without one."},
	{497, "nginx", "HTTP Request Sent to HTTPS Port", "",
	 "nginx: plain HTTP arrived on a port that expects TLS.",
	 "", 0,
	 "An nginx-internal refinement of 400 for cleartext requests on an ssl listener. nginx "
	 "answers and logs 400 instead, unless an error_page for 497 with =CODE sets another "
	 "status (a redirect to https, typically), so 497 itself almost never reaches an access "
	 "log.",
	 "Links or clients using http:// with the HTTPS port; often answered with error_page 497 "
	 "redirecting to https."},
	{498, "Esri", "Invalid Token", "",
	 "ArcGIS for Server: the token is expired or otherwise invalid.",
	 "", 0,
	 "Returned by Esri's ArcGIS for Server when the access token sent with the request has "
	 "expired or is not valid.",
	 "Clients holding expired tokens; check token lifetime and refresh logic."},
	{499, "Esri", "Token Required", "",
	 "ArcGIS for Server: a token is required but none was sent.",
	 "", 0,
	 "Returned by Esri's ArcGIS for Server when a secured service is called without a token.",
	 "On ArcGIS servers, a client not sending its token; elsewhere 499 is nginx's."},
	{499, "nginx", "Client Closed Request", "",
	 "The client closed the connection before nginx sent a response.",
	 "", CODE_COMMON,
	 "nginx logs it when the client disconnects while the request is still in progress, most "
	 "often while waiting on the upstream; nothing is sent, since nobody is listening.",
	 "The client gave up before the upstream answered; check upstream latency and client "
	 "timeouts."},

	/* 5xx */
	{500, "IANA", "Internal Server Error", "InternalServerError",
	 "An unexpected condition stopped the server from fulfilling the request.",
	 "RFC 9110, Section 15.6.1", CODE_OFFICIAL,
	 "The generic catch-all when no more specific 5xx fits: an unhandled exception, a "
	 "crashed handler, a broken configuration.",
	 "Read the application's error log at the same timestamps; group by path to find the "
	 "failing handler."},
	{501, "IANA", "Not Implemented", "",
	 "The server lacks the feature (usually the method) needed to serve the request.",
	 "RFC 9110, Section 15.6.2", CODE_OFFICIAL,
	 "The method is unknown to the server or it cannot fulfil it at all; only GET and HEAD "
	 "are mandatory. A method the server knows but the resource refuses gets 405 instead. "
	 "May carry Retry-After when support is planned.",
	 "Mostly scanners sending unusual or made-up methods."},
	{502, "IANA", "Bad Gateway", "",
	 "A gateway or proxy got an invalid response from the upstream server.",
	 "RFC 9110, Section 15.6.3", CODE_OFFICIAL,
	 "The proxy tried the upstream but what came back was unusable: connection refused or "
	 "reset, closed early, malformed headers.",
	 "Check the upstream: crashed or restarting app servers, refused connections, workers "
	 "killed for memory; the proxy's error log names the cause."},
	{503, "IANA", "Service Unavailable", "ServiceUnavailable",
	 "The server cannot handle the request right now (overload or maintenance).",
	 "RFC 9110, Section 15.6.4", CODE_OFFICIAL,
	 "Meant to be temporary; Retry-After may say when to come back. Load balancers send it "
	 "when no healthy backend is left, and some rate limiters use it instead of 429.",
	 "Check for maintenance mode, exhausted backends or connection limits; sustained 503s "
	 "under load mean too little capacity."},
	{504, "IANA", "Gateway Timeout", "ServerTimeout",
	 "A gateway or proxy got no timely response from the upstream server.",
	 "RFC 9110, Section 15.6.5", CODE_OFFICIAL,
	 "The upstream did not answer within the proxy's timeout; the proxy's error log names "
	 "the upstream that was too slow.",
	 "Check upstream latency (slow queries, stuck workers) against the proxy's read timeout."},
	{505, "IANA", "HTTP Version Not Supported", "",
	 "The request's HTTP version is one the server will not handle.",
	 "RFC 9110, Section 15.6.6", CODE_OFFICIAL,
	 "The major version in the request line is one the server refuses to handle.",
	 "Usually garbage or non-HTTP traffic on the port, or a very odd client."},
	{506, "IANA", "Variant Also Negotiates", "",
	 "Negotiation misconfigured: the chosen variant negotiates again, forming a loop.",
	 "RFC 2295, Section 8.1", CODE_OFFICIAL,
	 "From transparent content negotiation: the selected variant is itself set up to "
	 "negotiate, which makes a circular reference; a server configuration error.",
	 "Fix the server's negotiation setup (type maps, MultiViews)."},
	{507, "IANA", "Insufficient Storage", "",
	 "The server cannot store what it needs to complete the request.",
	 "RFC 4918, Section 11.5", CODE_OFFICIAL,
	 "Defined for WebDAV: there is not enough space to store the representation the request "
	 "would create.",
	 "Check disk space and quotas on the storage behind the service."},
	{508, "IANA", "Loop Detected", "",
	 "The server found itself looping endlessly while handling the request.",
	 "RFC 5842, Section 7.2", CODE_OFFICIAL,
	 "WebDAV bindings: an operation of infinite depth ran into a cycle of bindings. Sent "
	 "instead of 208 Already Reported when the whole operation fails.",
	 "A binding cycle on the WebDAV server."},
	{509, "Apache/cPanel", "Bandwidth Limit Exceeded", "",
	 "Apache / cPanel hosting: the site has used up the bandwidth its administrator allows.",
	 "", 0,
	 "Not part of Apache httpd itself: bandwidth-limiting modules for Apache send it, most "
	 "often on shared hosting run with cPanel, to cut off an account that exceeded its "
	 "bandwidth quota.",
	 "The hosting account's quota is exhausted; raise it or find what is using it."},
	{510, "IANA", "Not Extended", "",
	 "The request lacks the extensions the server requires (HTTP Extension Framework).",
	 "RFC 2774, Section 7", CODE_OFFICIAL | CODE_DEPRECATED,
	 "From the experimental HTTP Extension Framework: the request must declare the mandatory "
	 "extensions the server needs. RFC 2774 has since been made historic and the registry "
	 "marks the code obsoleted.",
	 "Should not appear in practice."},
	{511, "IANA", "Network Authentication Required", "",
	 "The client must authenticate to get network access.",
	 "RFC 6585, Section 6", CODE_OFFICIAL,
	 "Meant for intercepting proxies such as Wi-Fi captive portals that make users log in or "
	 "accept terms before reaching the Internet; not for origin servers.",
	 "Only expected when a captive portal sits in the path; an origin sending it is "
	 "misconfigured."},
	{520, "Cloudflare", "Web Server Returned an Unknown Error", "",
	 "The origin gave Cloudflare an empty, unknown or unexpected response.",
	 "", 0,
	 "Cloudflare's catch-all for origin replies it cannot make sense of: empty answers, "
	 "resets, malformed or oversized headers.",
	 "An origin problem: check the origin's logs for crashes or resets at the same time."},
	{521, "Cloudflare", "Web Server Is Down", "",
	 "The origin refused Cloudflare's connection.",
	 "", 0,
	 "The origin server is down, or a firewall or security tool at the origin blocks "
	 "Cloudflare's IP addresses.",
	 "Check that the origin is up and allows Cloudflare's address ranges."},
	{522, "Cloudflare", "Connection Timed Out", "",
	 "Cloudflare timed out connecting to the origin or waiting for it to acknowledge the "
	 "request.",
	 "", 0,
	 "Either the TCP handshake with the origin did not complete (Cloudflare waits about 19 "
	 "seconds), or the origin accepted the connection but never acknowledged Cloudflare's "
	 "request (about 90 seconds). An overloaded origin, a firewall dropping packets or a "
	 "wrong origin address are the usual causes.",
	 "An origin problem: check load, firewall rules and the origin IP in DNS."},
	{523, "Cloudflare", "Origin Is Unreachable", "",
	 "Cloudflare could not reach the origin at all.",
	 "", 0,
	 "No route to the origin, for instance because its DNS records are wrong.",
	 "Check the origin's DNS records and routing."},
	{524, "Cloudflare", "A Timeout Occurred", "",
	 "Cloudflare connected to the origin but got no timely HTTP response.",
	 "", 0,
	 "The TCP connection succeeded, but the origin did not answer before Cloudflare's "
	 "timeout.",
	 "Slow origin requests; move long jobs off the request path or speed up the backend."},
	{525, "Cloudflare", "SSL Handshake Failed", "",
	 "Cloudflare could not complete a TLS handshake with the origin.",
	 "", 0,
	 "TLS negotiation between Cloudflare and the origin failed, e.g. no shared cipher or SNI "
	 "not handled.",
	 "Check the origin's TLS setup: certificate installed, ciphers, SNI."},
	{526, "Cloud Foundry", "Invalid SSL Certificate", "",
	 "Cloud Foundry's gorouter could not validate a backend's TLS certificate.",
	 "", 0,
	 "Cloud Foundry's gorouter reuses Cloudflare's number when the certificate of the "
	 "backend it proxies to does not validate.",
	 "Check the certificate of the app or route service behind the gorouter."},
	{526, "Cloudflare", "Invalid SSL Certificate", "",
	 "Cloudflare could not validate the origin's TLS certificate.",
	 "", CODE_COMMON,
	 "In strict TLS mode Cloudflare requires a valid certificate on the origin; an expired, "
	 "self-signed or mismatched one produces 526.",
	 "Renew or fix the origin certificate for the hostname."},
	{527, "Cloudflare", "Railgun Error", "",
	 "The connection between Cloudflare and the origin's Railgun server was interrupted.",
	 "", CODE_RETIRED,
	 "Railgun was Cloudflare's optimiser running next to the origin; 527 reports a broken "
	 "connection between the two. The service has since been retired.",
	 "Only on old Railgun setups; check the Railgun listener and its network path."},
	{529, "Qualys", "Site is overloaded", "",
	 "Qualys SSL Labs API: the service is overloaded and cannot take the request.",
	 "", 0,
	 "Used by the SSL Labs server-testing API to tell a client that it cannot process the "
	 "request right now.",
	 "Back off and retry later; only relevant to clients of the SSL Labs API."},
	{530, "Cloudflare", "(1xxx error)", "",
	 "Cloudflare returned one of its 1xxx errors; the page says which.",
	 "", CODE_COMMON,
	 "Cloudflare gives 530 no name of its own: it is sent together with a 1xxx error shown "
	 "in the page body, which gives the actual reason (1016, an origin DNS error, is a "
	 "common one).",
	 "Read the 1xxx code on the error page to find the cause."},
	{530, "Pantheon", "Site is frozen", "",
	 "Pantheon: the site was frozen for inactivity.",
	 "", 0,
	 "The Pantheon web platform freezes sites that have been inactive and answers 530 for "
	 "them.",
	 "Unfreeze the site from the Pantheon dashboard."},
	{561, "AWS ELB", "Unauthorized", "",
	 "The identity provider returned an error while the load balancer authenticated the "
	 "user.",
	 "", 0,
	 "A listener rule on an AWS load balancer authenticates users, and the identity provider "
	 "answered with an error code.",
	 "Check the identity provider and the load balancer's authenticate action settings."},
	{598, "Informal", "Network Read Timeout Error", "",
	 "A proxy timed out reading from the server behind it.",
	 "", 0,
	 "An informal convention of some HTTP proxies to tell the client in front of them about "
	 "a read timeout on the network behind them.",
	 "Treat like 504: check the upstream behind the proxy."},
	{599, "Informal", "Network Connect Timeout Error", "",
	 "A proxy timed out connecting to the server behind it.",
	 "", 0,
	 "An informal convention of some HTTP proxies, the connect-time sibling of 598.",
	 "Treat like 504: the upstream did not accept the connection in time."},
};
/* clang-format on */

const size_t codes_builtin_count = sizeof codes_builtin / sizeof codes_builtin[0];
