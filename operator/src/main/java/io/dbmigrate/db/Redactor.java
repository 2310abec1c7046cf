package io.dbmigrate.db;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The secret values this process has read, and the one function that masks them in text that leaves
 * it: status, Events, logs, standard output and error, result files, HTTP answers.
 *
 * <p>Process-wide on purpose: logs and standard streams are process-wide, and a password read for
 * one resource must be masked in whatever text leaves, whichever library wrote it. Values are
 * masked by value (as written, percent-encoded, JSON-escaped, base64), and the user-info part of
 * any URL in the text is masked whoever it belongs to.
 */
public final class Redactor {
  public static final String MASK = "****";

  /**
   * Shorter values would mask ordinary words and digits everywhere; URLs still mask them by shape.
   */
  static final int SHORTEST_MASKED = 4;

  /**
   * {@code scheme://anything-up-to-the-last-@} in one token: user info, even with unencoded '/' or
   * '?'.
   */
  private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^\\s\"'<>]*@");

  /** How messages show the form of a URL; not anyone's credentials. */
  private static final String PLACEHOLDER = "user:password@";

  private static final Redactor PROCESS = new Redactor();

  private final Set<String> forms = ConcurrentHashMap.newKeySet();

  /** Longest first, so that a form containing another is masked whole. */
  private volatile List<String> longestFirst = List.of();

  Redactor() {}

  /** The one instance every exit point of this process uses. */
  public static Redactor process() {
    return PROCESS;
  }

  /** Remembers a secret (a password, a placeholder value) in every form it may be written in. */
  public void remember(String secret) {
    if (secret == null || secret.length() < SHORTEST_MASKED) {
      return;
    }
    boolean added = false;
    for (String form : formsOf(secret)) {
      added |= form.length() >= SHORTEST_MASKED && forms.add(form);
    }
    if (added) {
      synchronized (this) {
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        longestFirst = List.copyOf(sorted);
      }
    }
  }

  /** The text with every remembered secret and every URL's user info replaced by {@value #MASK}. */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result =
        text.indexOf('@') >= 0
            ? USER_INFO
                .matcher(text)
                .replaceAll(m -> m.group().equals(PLACEHOLDER) ? PLACEHOLDER : MASK + "@")
            : text;
    for (String form : longestFirst) {
      if (result.contains(form)) {
        result = result.replace(form, MASK);
      }
    }
    return result;
  }

  private static Set<String> formsOf(String secret) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(secret);
    String formEncoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    forms.add(formEncoded);
    forms.add(formEncoded.replace("+", "%20"));
    forms.add(lowerCaseEscapes(formEncoded));
    forms.add(lowerCaseEscapes(formEncoded.replace("+", "%20")));
    forms.add(jsonEscaped(secret));
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    forms.add(Base64.getEncoder().encodeToString(bytes));
    forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
    forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    return forms;
  }

  private static String lowerCaseEscapes(String encoded) {
    StringBuilder result = new StringBuilder(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%' && i + 2 < encoded.length()) {
        result.append('%').append(encoded.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
        i += 2;
      } else {
        result.append(c);
      }
    }
    return result.toString();
  }

  private static String jsonEscaped(String secret) {
    StringBuilder escaped = new StringBuilder(secret.length() + 8);
    for (char c : secret.toCharArray()) {
      switch (c) {
        case '"' -> escaped.append("\\\"");
        case '\\' -> escaped.append("\\\\");
        case '\n' -> escaped.append("\\n");
        case '\t' -> escaped.append("\\t");
        case '\r' -> escaped.append("\\r");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
