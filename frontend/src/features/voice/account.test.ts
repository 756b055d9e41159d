import { describe, expect, it } from "vitest";
import { accountInput, EMPTY_ACCOUNT } from "./account";

describe("accountInput", () => {
  it("sends only the credentials given, trimmed", () => {
    const body = accountInput({
      ...EMPTY_ACCOUNT,
      account_sid: " AC123 ",
      auth_token: " tok ",
    });
    expect(body).toEqual({
      account_sid: "AC123",
      auth_token: "tok",
      api_key_sid: null,
      api_key_secret: null,
    });
  });

  it("sends an API key without an auth token", () => {
    const body = accountInput({
      account_sid: "AC1",
      auth_token: "  ",
      api_key_sid: "SK1",
      api_key_secret: "s3cret",
    });
    expect(body.auth_token).toBeNull();
    expect(body.api_key_sid).toBe("SK1");
  });
});
