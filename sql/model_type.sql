-- genre.model input validation: text that is not a model is refused
SELECT 'not base64!'::genre.model;
SELECT ''::genre.model;
SELECT 'AAAA'::genre.model;
-- right length, wrong magic
SELECT encode(decode(repeat('00', 24), 'hex'), 'base64')::genre.model;
-- a header claiming a kind that does not exist (empty payload, its right checksum)
SELECT encode(decode('474e524d' || '0100' || '0900' || repeat('00', 8) || '25232284e49cf2cb', 'hex'), 'base64')::genre.model;
-- a header of a future format version
SELECT encode(decode('474e524d' || '0200' || '0100' || repeat('00', 16), 'hex'), 'base64')::genre.model;
-- a header that promises a payload which is not there
SELECT encode(decode('474e524d' || '0100' || '0400' || '0800000000000000' || repeat('00', 8), 'hex'), 'base64')::genre.model;
-- the SQLSTATE of a corrupt model is 22P03 (invalid_binary_representation)
SELECT sqlstate_of($$SELECT encode(decode(repeat('00', 24), 'hex'), 'base64')::genre.model$$);
-- model_info refuses garbage the same way
SELECT sqlstate_of($$SELECT genre.model_info(encode(decode(repeat('01', 40), 'hex'), 'base64')::genre.model)$$);
