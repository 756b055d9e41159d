"""Pagination cursors and table specs derived from the pynamodb models."""

from __future__ import annotations

import pytest
from webox.db import InvalidCursor, TableSpec, decode_cursor, encode_cursor
from webox.realtime.models import Connection


class TestCursor:
    def test_round_trip(self) -> None:
        key = {"user_id": {"S": "u1"}, "created": {"N": "12"}}
        cursor = encode_cursor(key)
        assert cursor and decode_cursor(cursor, owner_key=("user_id", "u1")) == key

    def test_no_key_means_no_cursor(self) -> None:
        assert encode_cursor(None) is None and decode_cursor(None) is None

    @pytest.mark.parametrize("bad", ["%%%", "bm90LWpzb24", "W10", "eyJhIjogMX0", "x" * 3000])
    def test_malformed_cursor_is_a_400(self, bad: str) -> None:
        with pytest.raises(InvalidCursor) as error:
            decode_cursor(bad)
        assert error.value.status == 400 and error.value.code == "invalid_cursor"

    def test_cursor_into_another_owners_partition_is_refused(self) -> None:
        cursor = encode_cursor({"user_id": {"S": "someone-else"}})
        with pytest.raises(InvalidCursor):
            decode_cursor(cursor, owner_key=("user_id", "me"))


class TestTableSpec:
    def test_spec_reads_keys_indexes_and_ttl_from_the_model(self) -> None:
        spec = TableSpec(Connection)
        assert spec.name == "webox-test-connections" and spec.logical == "connections"
        assert spec.key("HASH") == ("connection_id", "S")
        assert spec.ttl_attribute == "expires_at"
        assert [i["IndexName"] for i in spec.global_indexes] == ["by_user"]
        args = spec.create_table_args()
        assert args["BillingMode"] == "PAY_PER_REQUEST"
        assert {d["AttributeName"] for d in args["AttributeDefinitions"]} == {"connection_id", "user_id"}
