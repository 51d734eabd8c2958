import { Command } from "commander";
import { digestSendCommand } from "./digest-send.cmd.ts";
import { digestStatusCommand } from "./digest-status.cmd.ts";
import { digestPreviewCommand } from "./digest-preview.cmd.ts";

/** `paperwire digest …`: send, preview and watch editions. */
export function digestCommand(): Command {
  return new Command("digest")
    .description("send, preview and watch the daily digest")
    .addCommand(digestSendCommand())
    .addCommand(digestPreviewCommand())
    .addCommand(digestStatusCommand());
}
