package dev.trafficmirror.spring.boot.it;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The application under test: its only code is its controller; mirroring comes from properties. */
@SpringBootApplication
public class PredictApp {
  /** Answers JSON for JSON; anything else Spring itself answers 415, through its error page. */
  @RestController
  static class PredictController {
    @PostMapping(path = "/predict", consumes = "application/json", produces = "application/json")
    String predict(@RequestBody String body) {
      return "{\"label\":\"cat\",\"bytes\":" + body.length() + "}";
    }
  }
}
