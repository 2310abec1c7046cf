package io.dbmigrate.testing;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request the mock API server received, with the RBAC attributes a real API server would
 * authorize it by: verb, API group, resource (with subresource), namespace and name.
 */
public record ApiRequest(String method, String path, String userAgent) {
  // /api/v1[/namespaces/NS]/RESOURCE[/NAME[/SUB]] and
  // /apis/GROUP/VERSION[/namespaces/NS]/RESOURCE[/NAME[/SUB]]
  private static final Pattern PATH =
      Pattern.compile(
          "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/([^/]+))?/([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?(?:\\?(.*))?$");

  public record Attributes(
      String verb, String group, String resource, String namespace, String name) {
    @Override
    public String toString() {
      return verb + " " + (group.isEmpty() ? "core" : group) + " " + resource;
    }
  }

  public Attributes attributes() {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a resource request: " + method + " " + path);
    }
    String group = m.group(1) == null ? "" : m.group(1);
    String resource = m.group(3) + (m.group(5) == null ? "" : "/" + m.group(5));
    String name = m.group(4);
    String query = m.group(6) == null ? "" : m.group(6);
    String verb =
        switch (method) {
          case "GET" -> name != null ? "get" : query.contains("watch=true") ? "watch" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name != null ? "delete" : "deletecollection";
          default -> throw new IllegalArgumentException("unexpected method " + method);
        };
    return new Attributes(verb, group, resource, m.group(2), name);
  }

  /** Whether any of the rules allows this request, as the RBAC authorizer decides. */
  public boolean allowedBy(Collection<PolicyRule> rules) {
    Attributes a = attributes();
    return rules.stream()
        .anyMatch(
            rule ->
                rule.getApiGroups().contains(a.group())
                    && rule.getResources().contains(a.resource())
                    && rule.getVerbs().contains(a.verb())
                    && (rule.getResourceNames() == null
                        || rule.getResourceNames().isEmpty()
                        || (a.name() != null && rule.getResourceNames().contains(a.name()))));
  }
}
