package io.dbmigrate.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The chart rendered by Helm's own library ({@code helm template}), parsed into typed objects. */
public final class RenderedChart {
  public static final Path CHART = Path.of("../helm/dbmigrate-operator");
  public static final String RELEASE = "dbmigrate-operator";
  public static final String NAMESPACE = "dbmigrate-system";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final String yaml;
  private final List<HasMetadata> objects;

  private RenderedChart(String yaml) {
    this.yaml = yaml;
    this.objects = parse(yaml);
  }

  public static RenderedChart render(Map<String, Object> values) {
    return render(
        command -> {
          values.forEach(command::set);
          return command;
        });
  }

  static RenderedChart render(UnaryOperator<TemplateCommand> options) {
    TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
    return new RenderedChart(options.apply(command).call());
  }

  String yaml() {
    return yaml;
  }

  List<HasMetadata> objects() {
    return objects;
  }

  public <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one " + type.getSimpleName() + ", rendered " + found.size());
    }
    return found.get(0);
  }

  /**
   * The webhook's TLS Secret written into {@code dir} as its volume mounts it: tls.crt, tls.key.
   */
  public Path mountWebhookTls(Path dir) throws IOException {
    Secret secret = one(Secret.class);
    Files.createDirectories(dir);
    for (String key : List.of("tls.crt", "tls.key")) {
      Files.write(dir.resolve(key), Base64.getDecoder().decode(secret.getData().get(key)));
    }
    return dir;
  }

  Optional<HasMetadata> find(String kind, String name) {
    return objects.stream()
        .filter(o -> kind.equals(o.getKind()) && name.equals(o.getMetadata().getName()))
        .findFirst();
  }

  List<String> kinds() {
    return objects.stream().map(HasMetadata::getKind).toList();
  }

  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> parsed = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
        continue;
      }
      parsed.add((HasMetadata) SERIALIZATION.unmarshal(document));
    }
    return parsed;
  }
}
