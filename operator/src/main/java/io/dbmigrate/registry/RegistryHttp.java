package io.dbmigrate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbmigrate.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The registry's HTTP API (OCI distribution) for one repository: plain HTTP for loopback registries
 * only, HTTPS otherwise, as Docker does; Basic or Bearer-token authentication on the registry's
 * challenge; redirects followed by hand, so that credentials never go to another host. Every
 * failure becomes a {@link RegistryException} with a one-line message without credentials.
 */
final class RegistryHttp {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** How long a request may wait for the answer's headers (bodies stream on). */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private static final int MAX_REDIRECTS = 5;
  private static final Pattern CHALLENGE_PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final HttpClient client;
  private final Duration answerTimeout;
  private final ImageReference reference;
  private final RegistryCredentials credentials;
  private final URI base;

  /** The Authorization header the registry's challenge asked for; reused for this repository. */
  private String authorization;

  RegistryHttp(
      HttpClient client,
      Duration answerTimeout,
      ImageReference reference,
      RegistryCredentials credentials) {
    this.client = client;
    this.answerTimeout = answerTimeout;
    this.reference = reference;
    this.credentials = credentials;
    this.base =
        URI.create(
            (isLoopback(reference.registry()) ? "http" : "https")
                + "://"
                + apiHost(reference.registry())
                + "/v2/"
                + reference.repository()
                + "/");
  }

  static HttpClient newClient() {
    return HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** Docker Hub's API is not at docker.io. */
  static String apiHost(String registry) {
    return registry.equals(ImageReference.DOCKER_HUB) ? "registry-1.docker.io" : registry;
  }

  /** localhost, 127.0.0.0/8 and ::1: the only registries spoken to without TLS. */
  static boolean isLoopback(String registry) {
    String host = registry.replaceFirst(":[0-9]+$", "");
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.equals("localhost")) {
      return true;
    } else if (!host.matches("[0-9.]+")) {
      return false; // a name: never resolved here, so DNS cannot make a host look local
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * {@code method} on {@code path} below the repository ({@code manifests/latest}, {@code
   * blobs/sha256:…}); the answer as it came, 2xx or not, except 401/403, which are refused here.
   */
  HttpResponse<InputStream> send(String method, String path, String accept) {
    URI uri = base.resolve(path);
    HttpResponse<InputStream> response = exchange(method, uri, accept, authorization);
    if (response.statusCode() == 401) {
      String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
      discard(response);
      authorization = authorize(challenge);
      response = exchange(method, uri, accept, authorization);
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      discard(response);
      throw refused(response.statusCode());
    }
    return response;
  }

  private HttpResponse<InputStream> exchange(
      String method, URI uri, String accept, String authorizationHeader) {
    URI target = uri;
    boolean sameHost = true;
    for (int redirects = 0; ; redirects++) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target)
              .method(method, HttpRequest.BodyPublishers.noBody())
              .timeout(answerTimeout)
              .header("User-Agent", "dbmigrate");
      if (accept != null) {
        request.header("Accept", accept);
      }
      // Blob stores the registry redirects to (S3, a CDN) get no credentials of the registry.
      if (authorizationHeader != null && sameHost) {
        request.header("Authorization", authorizationHeader);
      }
      HttpResponse<InputStream> response = call(request.build());
      int status = response.statusCode();
      boolean redirect =
          status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
      if (!redirect) {
        return response;
      }
      discard(response);
      String location = response.headers().firstValue("Location").orElse(null);
      if (location == null || redirects >= MAX_REDIRECTS) {
        throw new RegistryException(
            Kind.INVALID_CONTENT,
            "registry "
                + reference.registry()
                + " redirected "
                + method
                + " "
                + uri.getPath()
                + " too often or nowhere");
      }
      URI next = target.resolve(location);
      if ("https".equals(target.getScheme()) && !"https".equals(next.getScheme())) {
        throw new RegistryException(
            Kind.INVALID_CONTENT,
            "registry "
                + reference.registry()
                + " redirected to plain HTTP ("
                + next.getHost()
                + "); refused");
      }
      sameHost = sameHost && sameOrigin(uri, next);
      target = next;
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && a.getPort() == b.getPort();
  }

  private HttpResponse<InputStream> call(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw unreachable(
          "it did not accept a connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
    } catch (HttpTimeoutException e) {
      throw unreachable("it did not answer within " + answerTimeout.toSeconds() + " s");
    } catch (ConnectException e) {
      throw unreachable(
          e.getMessage() == null ? "connection refused" : e.getMessage().toLowerCase(Locale.ROOT));
    } catch (SSLException e) {
      throw unreachable("TLS failed (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted");
    }
  }

  private RegistryException unreachable(String why) {
    return new RegistryException(
        Kind.UNREACHABLE,
        "cannot reach registry " + reference.registry() + " (" + base.getScheme() + "): " + why);
  }

  /** The Authorization header that answers the registry's challenge. */
  private String authorize(String challenge) {
    String scheme = challenge.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    if (scheme.equals("basic")) {
      if (credentials == null) {
        throw refused(401);
      }
      return "Basic "
          + Base64.getEncoder()
              .encodeToString(
                  (credentials.username() + ":" + credentials.password())
                      .getBytes(StandardCharsets.UTF_8));
    }
    if (scheme.equals("bearer")) {
      return "Bearer " + token(parameters(challenge));
    }
    throw refused(401);
  }

  private static Map<String, String> parameters(String challenge) {
    Map<String, String> parameters = new LinkedHashMap<>();
    Matcher matcher = CHALLENGE_PARAMETER.matcher(challenge);
    while (matcher.find()) {
      parameters.put(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2));
    }
    return parameters;
  }

  /** The token service's answer: with the credentials when there are any, anonymous otherwise. */
  private String token(Map<String, String> challenge) {
    String realm = challenge.get("realm");
    if (realm == null) {
      throw refused(401);
    }
    String scope =
        challenge.getOrDefault("scope", "repository:" + reference.repository() + ":pull");
    StringBuilder query = new StringBuilder("scope=").append(encode(scope));
    if (challenge.containsKey("service")) {
      query.append("&service=").append(encode(challenge.get("service")));
    }
    URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
    String basic =
        credentials == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (credentials.username() + ":" + credentials.password())
                            .getBytes(StandardCharsets.UTF_8));
    HttpResponse<InputStream> response = exchange("GET", uri, "application/json", basic);
    if (response.statusCode() != 200) {
      discard(response);
      throw refused(response.statusCode());
    }
    try (InputStream body = response.body()) {
      JsonNode json = new ObjectMapper().readTree(body.readNBytes(64 * 1024));
      String token = json.path("token").asText(json.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw refused(401);
      }
      return token;
    } catch (IOException e) {
      throw refused(401);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private RegistryException refused(int status) {
    String what =
        "registry "
            + reference.registry()
            + " refused access to "
            + reference.repository()
            + " (HTTP "
            + status
            + "): ";
    return new RegistryException(
        Kind.UNAUTHORIZED,
        credentials == null
            ? what
                + "no credentials for "
                + reference.registry()
                + " were found; add them to the Docker config file (DOCKER_CONFIG or"
                + " ~/.docker/config.json; in a cluster, a pull secret)"
            : what
                + "the credentials for "
                + reference.registry()
                + " from "
                + credentials.source()
                + " were not accepted or may not pull this repository");
  }

  static void discard(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException e) {
      // nothing to keep from a body we do not read
    }
  }
}
