package io.dbmigrate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** The shipped Argo CD health check, run by a real Lua engine on sample resources. */
class ArgoCdHealthCheckTest {
  static final Path SCRIPT = Path.of("../examples/gitops/argocd/health.lua");
  static final Path ARGOCD_CM = Path.of("../examples/gitops/argocd/argocd-cm.yaml");
  static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ready       | {'metadata':{'generation':3},'status':{'observedGeneration':3,'phase':'Ready','conditions':[{'type':'Ready','status':'True','message':'database at version 2'},{'type':'Stalled','status':'False'}]}} | Healthy     | database at version 2",
        "migrating   | {'metadata':{'generation':3},'status':{'observedGeneration':3,'phase':'Migrating','conditions':[{'type':'Ready','status':'False','message':'Job shop-1 is applying migrations'},{'type':'Reconciling','status':'True'}]}} | Progressing | Job shop-1 is applying migrations",
        "failed      | {'metadata':{'generation':3},'status':{'observedGeneration':3,'phase':'Failed','conditions':[{'type':'Ready','status':'False','message':'migration V2 failed'},{'type':'Stalled','status':'True'}]}} | Degraded    | migration V2 failed",
        "stalled     | {'metadata':{'generation':1},'status':{'observedGeneration':1,'conditions':[{'type':'Ready','status':'False','message':'Secret db not found'},{'type':'Stalled','status':'True'}]}} | Degraded    | Secret db not found",
        "approval    | {'metadata':{'generation':1},'status':{'observedGeneration':1,'phase':'AwaitingApproval','conditions':[{'type':'Ready','status':'False','message':'approve digest 3f9c'}]}} | Suspended   | approve digest 3f9c",
        "no status   | {'metadata':{'generation':1}} | Progressing | Waiting for the operator to pick up the migration",
        "stale ready | {'metadata':{'generation':4},'status':{'observedGeneration':3,'phase':'Ready','conditions':[{'type':'Ready','status':'True','message':'old'}]}} | Progressing | Waiting for the operator to observe the latest spec",
      })
  void mapsTheStatusToArgoHealth(String name, String resource, String health, String message)
      throws Exception {
    LuaTable result = run(Files.readString(SCRIPT), JSON.readTree(resource.replace('\'', '"')));
    assertThat(result.get("status").tojstring()).isEqualTo(health);
    assertThat(result.get("message").tojstring()).isEqualTo(message);
  }

  @Test
  void argocdConfigMapEmbedsTheSameScript() throws IOException {
    JsonNode cm = new ObjectMapper(new YAMLFactory()).readTree(ARGOCD_CM.toFile());
    String embedded =
        cm.path("data")
            .path("resource.customizations.health.dbmigrate.io_DatabaseMigration")
            .asText();
    assertThat(embedded.strip()).isEqualTo(Files.readString(SCRIPT).strip());
  }

  /**
   * Argo CD hands the resource to the script as the global {@code obj} and reads the returned
   * table.
   */
  private static LuaTable run(String script, JsonNode resource) {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(resource));
    return globals.load(script, "health.lua").call().checktable();
  }

  private static LuaValue toLua(JsonNode node) {
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        table.set(field.getKey(), toLua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
  }
}
