package io.dbmigrate.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/** One line for a failed request to the API server: which server, and what went wrong. */
final class ApiServerFailure {
  private ApiServerFailure() {}

  static String describe(String serverUrl, KubernetesClientException e) {
    if (e.getCode() > 0) {
      // The server answered: usually 403 (the ServiceAccount lacks get/list/watch) or 404 (no CRD).
      String reason =
          e.getStatus() != null && e.getStatus().getMessage() != null
              ? e.getStatus().getMessage()
              : e.getMessage();
      return "the Kubernetes API server at "
          + serverUrl
          + " refused the request (HTTP "
          + e.getCode()
          + "): "
          + reason;
    }
    return "cannot reach the Kubernetes API server at " + serverUrl + ": " + cause(e);
  }

  /**
   * The transport's reason, most telling first; fabric8's own message is "An error has occurred."
   */
  private static String cause(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    if (has(chain, UnknownHostException.class) || has(chain, UnresolvedAddressException.class)) {
      return "the host name does not resolve";
    }
    if (has(chain, HttpTimeoutException.class)) {
      return "no answer in time";
    }
    for (Throwable t : chain) {
      if (t instanceof SSLException) {
        return "TLS failed: " + t.getMessage();
      }
    }
    if (has(chain, ConnectException.class)) {
      return "connection refused";
    }
    Throwable root = chain.get(chain.size() - 1);
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }

  private static boolean has(List<Throwable> chain, Class<? extends Throwable> type) {
    return chain.stream().anyMatch(type::isInstance);
  }
}
