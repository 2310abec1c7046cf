package io.dbmigrate.bench;

import io.dbmigrate.gate.MigrationLookup;
import io.dbmigrate.gate.PodGateMutator;
import io.dbmigrate.testing.AdmissionClient;
import io.dbmigrate.testing.OperatorEnvironment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How long a gated pod waits after its migration's Job succeeded: the time from the Job's final
 * status (written by the kubelet fixture) to the pod update that removes its scheduling gate, seen
 * through a watch, with the real operator on the mock API server. Each run adds a migration, gates
 * a pod on the new version, lets the Job run, and measures.
 */
public final class GateLatencyBenchmark {
  private static final String NS = "shop";

  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("bench.gate.runs", 50);
    List<Double> latencies = new ArrayList<>();
    try (OperatorEnvironment environment = new OperatorEnvironment().start()) {
      KubernetesClient client = environment.client();
      PodGateMutator webhook =
          new PodGateMutator(MigrationLookup.from(client), client.getKubernetesSerialization());
      environment.createShop(Map.of("V1__t1.sql", "CREATE TABLE t1 (id bigint);"));
      environment.awaitReadyAt("shop", "1");
      for (int version = 2; version <= runs + 1; version++) {
        environment.kubelet().hold();
        ConfigMap migrations =
            client.configMaps().inNamespace(NS).withName("shop-migrations").get();
        migrations
            .getData()
            .put(
                "V" + version + "__t" + version + ".sql",
                "CREATE TABLE t" + version + " (id bigint);");
        client.resource(migrations).update();
        String podName = "web-" + version;
        Pod gated = admit(webhook, podName, version);
        if (gated.getSpec().getSchedulingGates() == null) {
          throw new IllegalStateException("pod " + podName + " was not gated");
        }
        CompletableFuture<Long> released = new CompletableFuture<>();
        try (Watch watch =
            client
                .pods()
                .inNamespace(NS)
                .withName(podName)
                .watch(
                    new Watcher<>() {
                      @Override
                      public void eventReceived(Action action, Pod pod) {
                        if (pod.getSpec().getSchedulingGates() == null
                            || pod.getSpec().getSchedulingGates().isEmpty()) {
                          released.complete(System.nanoTime());
                        }
                      }

                      @Override
                      public void onClose(WatcherException cause) {}
                    })) {
          client.resource(gated).create();
          environment.kubelet().release();
          long releasedAt = released.get(60, TimeUnit.SECONDS);
          String job =
              environment
                  .awaitReadyAt("shop", String.valueOf(version))
                  .getStatus()
                  .getLastJob()
                  .getName();
          long succeededAt = environment.kubelet().finishedAtNanos(job).orElseThrow();
          latencies.add((releasedAt - succeededAt) / 1e6);
        }
      }
    }
    print(latencies);
    System.exit(0);
  }

  private static Pod admit(PodGateMutator webhook, String name, int version) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .withLabels(Map.of("app", "web", "dbmigrate.io/gate", "enabled"))
            .withAnnotations(Map.of("dbmigrate.io/requires", "shop@" + version))
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("web")
            .withImage("web:" + version)
            .endContainer()
            .endSpec()
            .build();
    var review =
        new AdmissionReviewBuilder()
            .withApiVersion("admission.k8s.io/v1")
            .withKind("AdmissionReview")
            .withNewRequest()
            .withUid(name)
            .withKind(new GroupVersionKind("", "Pod", "v1"))
            .withOperation("CREATE")
            .withNamespace(NS)
            .withObject(pod)
            .endRequest()
            .build();
    return AdmissionClient.applyPatch(pod, webhook.review(review).getResponse());
  }

  private static void print(List<Double> latencies) {
    List<Double> sorted = latencies.stream().sorted().toList();
    double median = sorted.get(sorted.size() / 2);
    double p90 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1));
    double max = sorted.get(sorted.size() - 1);
    System.out.printf(
        "Job success -> scheduling gate removed (%d runs, mock API server, real operator)%n",
        sorted.size());
    System.out.printf(
        "  median %.1f ms   p90 %.1f ms   max %.1f ms   min %.1f ms%n",
        median, p90, max, sorted.get(0));
  }
}
