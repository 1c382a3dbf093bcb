-- A hub database as storywall 0.1.0 made it: tables by SQLModel.metadata.create_all
-- (no alembic_version), filled through the hub's own HTTP API and crud at commit 5405141:
-- 2 sites, 3 kiosks (one revoked), 3 prompts, 290 events (285 reactions, 5 heartbeats;
-- placed by the kiosk's clock, by NTP heartbeats, by the hub's bound, 12 undated) and 7
-- boot anchors. Dumped with Python's sqlite3 iterdump. Frozen: never regenerate it.
BEGIN TRANSACTION;
CREATE TABLE boot_anchor (
	kiosk_id VARCHAR(63) NOT NULL, 
	boot_id VARCHAR(64) NOT NULL, 
	source VARCHAR(8) NOT NULL, 
	offset_ms BIGINT NOT NULL, 
	updated_ms BIGINT NOT NULL, 
	PRIMARY KEY (kiosk_id, boot_id, source), 
	CONSTRAINT ck_boot_anchor_source CHECK (source IN ('ntp', 'hub')), 
	FOREIGN KEY(kiosk_id) REFERENCES kiosk (id)
);
INSERT INTO "boot_anchor" VALUES('riverside-gate','gate-boot-1','hub',1750507130000,1750507200000);
INSERT INTO "boot_anchor" VALUES('riverside-gate','gate-boot-1','ntp',1750499990000,1750507200000);
INSERT INTO "boot_anchor" VALUES('riverside-gate','gate-boot-2','ntp',1750503590000,1750507200000);
INSERT INTO "boot_anchor" VALUES('riverside-gate','gate-boot-2','hub',1750507160000,1750507200000);
INSERT INTO "boot_anchor" VALUES('riverside-bench','bench-boot-1','hub',1750507212000,1750507260000);
INSERT INTO "boot_anchor" VALUES('harbour-door','door-boot-1','ntp',1750499990000,1750507320000);
INSERT INTO "boot_anchor" VALUES('harbour-door','door-boot-1','hub',1750507270000,1750507320000);
CREATE TABLE event (
	id VARCHAR(36) NOT NULL, 
	kiosk_id VARCHAR(63) NOT NULL, 
	site_id INTEGER NOT NULL, 
	boot_id VARCHAR(64) NOT NULL, 
	seq BIGINT NOT NULL, 
	mono_ms BIGINT NOT NULL, 
	wall_ms BIGINT NOT NULL, 
	clock_synced BOOLEAN NOT NULL, 
	type VARCHAR(32) NOT NULL, 
	v INTEGER NOT NULL, 
	payload JSON NOT NULL, 
	received_ms BIGINT NOT NULL, 
	placed_ms BIGINT, 
	placed_by VARCHAR(8), 
	prompt_id INTEGER, 
	choice VARCHAR(16), 
	PRIMARY KEY (id), 
	CONSTRAINT ck_event_placed_by CHECK (placed_by IN ('kiosk', 'ntp', 'hub')), 
	FOREIGN KEY(kiosk_id) REFERENCES kiosk (id), 
	FOREIGN KEY(site_id) REFERENCES site (id), 
	FOREIGN KEY(prompt_id) REFERENCES prompt (id)
);
INSERT INTO "event" VALUES('8f7b7676-d015-40dc-ac63-888f28f00481','riverside-gate',1,'gate-boot-1',1,10000,0,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500000000,'ntp',2,'😢');
INSERT INTO "event" VALUES('637d6efa-609e-467a-9a67-9f818a119b9e','riverside-gate',1,'gate-boot-1',2,11000,1000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500001000,'ntp',2,'😀');
INSERT INTO "event" VALUES('12e74f7b-fab3-4728-a78b-eb7e0787c0de','riverside-gate',1,'gate-boot-1',3,12000,2000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500002000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('ba2dde83-458b-4ed0-a712-755f6cace4d5','riverside-gate',1,'gate-boot-1',4,13000,3000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500003000,'ntp',2,'😀');
INSERT INTO "event" VALUES('482c590e-0d97-42bf-8dc8-3011ac8efe12','riverside-gate',1,'gate-boot-1',5,14000,4000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500004000,'ntp',2,'😀');
INSERT INTO "event" VALUES('0b80a255-53a1-4945-a932-58ef7777682c','riverside-gate',1,'gate-boot-1',6,15000,5000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500005000,'ntp',2,'😐');
INSERT INTO "event" VALUES('789c1af4-0ce8-4cc9-85ac-16b9c20dbc21','riverside-gate',1,'gate-boot-1',7,16000,6000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500006000,'ntp',2,'😀');
INSERT INTO "event" VALUES('b9c8b9ff-e46e-4627-9419-c7723226db94','riverside-gate',1,'gate-boot-1',8,17000,7000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500007000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('a30f4300-bbee-4636-9d33-bc6d96f0da84','riverside-gate',1,'gate-boot-1',9,18000,8000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500008000,'ntp',2,'😢');
INSERT INTO "event" VALUES('84c4b877-6785-47a3-a8e5-8909ccb2b416','riverside-gate',1,'gate-boot-1',10,19000,9000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500009000,'ntp',2,'😐');
INSERT INTO "event" VALUES('a6e0f3c0-9514-47dd-a2ad-0478ff53a46f','riverside-gate',1,'gate-boot-1',11,20000,10000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500010000,'ntp',2,'😐');
INSERT INTO "event" VALUES('89933837-0c28-4ec1-b947-22af64b93697','riverside-gate',1,'gate-boot-1',12,21000,11000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500011000,'ntp',2,'😢');
INSERT INTO "event" VALUES('0e3a655f-2073-4ab2-8c8b-1eb44f1eaccf','riverside-gate',1,'gate-boot-1',13,22000,12000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500012000,'ntp',2,'😐');
INSERT INTO "event" VALUES('ac333b68-7e9b-477c-a519-a9d5ac9130f4','riverside-gate',1,'gate-boot-1',14,23000,13000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500013000,'ntp',2,'😐');
INSERT INTO "event" VALUES('6c2386e5-cc86-4a64-83c4-72ca4495f8b4','riverside-gate',1,'gate-boot-1',15,24000,14000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500014000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('c3dd75f6-8085-48e6-ac92-5f09a227f039','riverside-gate',1,'gate-boot-1',16,25000,15000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500015000,'ntp',2,'😢');
INSERT INTO "event" VALUES('a16ec121-307a-4fc4-afd7-b23abb262a93','riverside-gate',1,'gate-boot-1',17,26000,16000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500016000,'ntp',2,'😐');
INSERT INTO "event" VALUES('adf438f7-b27c-4c74-8f39-aaa5729ad53c','riverside-gate',1,'gate-boot-1',18,27000,17000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500017000,'ntp',2,'😢');
INSERT INTO "event" VALUES('b972e776-f1a3-4d32-a834-0c65d27cb238','riverside-gate',1,'gate-boot-1',19,28000,18000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500018000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('acb70dd8-4276-4334-900f-7b11205fe2f7','riverside-gate',1,'gate-boot-1',20,29000,19000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500019000,'ntp',2,'😀');
INSERT INTO "event" VALUES('8744ee92-6d93-46c0-b9c4-b930b21b1c2e','riverside-gate',1,'gate-boot-1',21,30000,20000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500020000,'ntp',2,'😀');
INSERT INTO "event" VALUES('b338afd6-b776-4568-a9ca-4bb956e78ec7','riverside-gate',1,'gate-boot-1',22,31000,21000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500021000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('84be37c1-dfe6-455b-aa44-bd0d405eb311','riverside-gate',1,'gate-boot-1',23,32000,22000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500022000,'ntp',2,'😐');
INSERT INTO "event" VALUES('8a42827f-f0d3-49d7-af8c-beb2670c1cd3','riverside-gate',1,'gate-boot-1',24,33000,23000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500023000,'ntp',2,'😐');
INSERT INTO "event" VALUES('adff32f5-35dd-4954-a7f8-022a4eedef2a','riverside-gate',1,'gate-boot-1',25,34000,24000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500024000,'ntp',2,'😢');
INSERT INTO "event" VALUES('e615dc02-0b7e-425e-b96d-fa336763df9c','riverside-gate',1,'gate-boot-1',26,35000,25000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500025000,'ntp',2,'😀');
INSERT INTO "event" VALUES('0f66fa84-1834-49be-b913-63081216b6dc','riverside-gate',1,'gate-boot-1',27,36000,26000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500026000,'ntp',2,'😢');
INSERT INTO "event" VALUES('3c6dd345-76dc-4866-a49b-38090780b8cf','riverside-gate',1,'gate-boot-1',28,37000,27000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500027000,'ntp',2,'😐');
INSERT INTO "event" VALUES('3fde05b4-a886-4047-b2dc-e8117c77833f','riverside-gate',1,'gate-boot-1',29,38000,28000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500028000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('9b26be74-c863-48a3-829b-6def559c11d4','riverside-gate',1,'gate-boot-1',30,39000,29000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500029000,'ntp',2,'😢');
INSERT INTO "event" VALUES('513b7c4f-d711-4ad0-85c8-d82545899289','riverside-gate',1,'gate-boot-1',31,40000,30000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500030000,'ntp',2,'😐');
INSERT INTO "event" VALUES('cc650109-36ec-430b-9ab4-e22fcf6f4db3','riverside-gate',1,'gate-boot-1',32,41000,31000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500031000,'ntp',2,'😐');
INSERT INTO "event" VALUES('265aad9d-9891-4efe-bf2e-a35374d7a291','riverside-gate',1,'gate-boot-1',33,42000,32000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500032000,'ntp',2,'😐');
INSERT INTO "event" VALUES('95cb9389-9543-4ba6-8e3b-dd3e61eaad36','riverside-gate',1,'gate-boot-1',34,43000,33000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500033000,'ntp',2,'😐');
INSERT INTO "event" VALUES('a3846274-6892-4473-b766-ca85187904c8','riverside-gate',1,'gate-boot-1',35,44000,34000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500034000,'ntp',2,'😀');
INSERT INTO "event" VALUES('1e81f5e1-20ba-4706-9065-c310f63fcde5','riverside-gate',1,'gate-boot-1',36,45000,35000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500035000,'ntp',2,'😀');
INSERT INTO "event" VALUES('9967c0f4-81bd-440d-9331-a905301ac879','riverside-gate',1,'gate-boot-1',37,46000,36000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500036000,'ntp',2,'😐');
INSERT INTO "event" VALUES('3ecdfb07-17cf-4c93-80c0-b85b5155063a','riverside-gate',1,'gate-boot-1',38,47000,37000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500037000,'ntp',2,'😢');
INSERT INTO "event" VALUES('874bf832-499b-4335-aca1-4f213152826b','riverside-gate',1,'gate-boot-1',39,48000,38000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500038000,'ntp',2,'😀');
INSERT INTO "event" VALUES('454d4360-175d-463c-8690-8d21ad17cc63','riverside-gate',1,'gate-boot-1',40,49000,39000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500039000,'ntp',2,'😀');
INSERT INTO "event" VALUES('fbf44c52-c408-4b20-9c69-76ca6ebebbaa','riverside-gate',1,'gate-boot-1',41,50000,40000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500040000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('63450b68-1e99-4e70-aae3-d6f1e47480cd','riverside-gate',1,'gate-boot-1',42,51000,41000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500041000,'ntp',2,'😀');
INSERT INTO "event" VALUES('35bc3463-ea69-4687-a67e-30edee4a3a47','riverside-gate',1,'gate-boot-1',43,52000,42000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500042000,'ntp',2,'😢');
INSERT INTO "event" VALUES('c6bf534f-4a5e-4339-8005-d1bf05993c10','riverside-gate',1,'gate-boot-1',44,53000,43000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500043000,'ntp',2,'😐');
INSERT INTO "event" VALUES('2f8b5c05-22c2-4a4d-9199-253b8ce83518','riverside-gate',1,'gate-boot-1',45,54000,44000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500044000,'ntp',2,'😢');
INSERT INTO "event" VALUES('70c0d3a7-a921-4f54-9d84-304829061c65','riverside-gate',1,'gate-boot-1',46,55000,45000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500045000,'ntp',2,'😐');
INSERT INTO "event" VALUES('e636a41e-59fb-4824-83a9-1e0ea1a79c5e','riverside-gate',1,'gate-boot-1',47,56000,46000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500046000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('5c3d3642-40cc-4ab0-bd74-859ebf520c11','riverside-gate',1,'gate-boot-1',48,57000,47000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500047000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('65612807-a769-400c-92f8-88ba3de53cbe','riverside-gate',1,'gate-boot-1',49,58000,48000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500048000,'ntp',2,'😐');
INSERT INTO "event" VALUES('08f70239-3fd0-4dfb-8ea5-78a6b5ae2d8a','riverside-gate',1,'gate-boot-1',50,59000,49000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500049000,'ntp',2,'😢');
INSERT INTO "event" VALUES('f503663d-cfee-4c6a-a3d7-e4b03fae0f14','riverside-gate',1,'gate-boot-1',51,60000,50000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500050000,'ntp',2,'😐');
INSERT INTO "event" VALUES('e9826776-dce0-40ce-ade2-64cfba9fca54','riverside-gate',1,'gate-boot-1',52,61000,51000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500051000,'ntp',2,'😀');
INSERT INTO "event" VALUES('c70382f8-27af-4c00-aa5f-d50a1e567ac9','riverside-gate',1,'gate-boot-1',53,62000,52000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500052000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('19d6c6d8-6545-469b-97d5-0929b16e800d','riverside-gate',1,'gate-boot-1',54,63000,53000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500053000,'ntp',2,'😢');
INSERT INTO "event" VALUES('372e4047-865b-42ca-934d-0c19f904465a','riverside-gate',1,'gate-boot-1',55,64000,54000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500054000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('ddae503b-bd85-4790-9e8e-f717a0ee5de0','riverside-gate',1,'gate-boot-1',56,65000,55000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500055000,'ntp',2,'😢');
INSERT INTO "event" VALUES('a2442ffd-b750-44e1-9c57-32062ba210d8','riverside-gate',1,'gate-boot-1',57,66000,56000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500056000,'ntp',2,'😐');
INSERT INTO "event" VALUES('7c8bce25-7f09-4629-871e-d370d59248af','riverside-gate',1,'gate-boot-1',58,67000,57000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500057000,'ntp',2,'😀');
INSERT INTO "event" VALUES('8cebb116-d7fb-4719-9455-8a0d72aa291c','riverside-gate',1,'gate-boot-1',59,68000,58000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500058000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('99942401-0c11-4880-bcec-c0ed086628e9','riverside-gate',1,'gate-boot-1',60,69000,59000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500059000,'ntp',2,'😐');
INSERT INTO "event" VALUES('c55b578e-0b41-4d70-ab35-d8f472e6d4aa','riverside-gate',1,'gate-boot-1',61,10000,0,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500000000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('2389ea61-f99c-486d-af92-3752a9ba323d','riverside-gate',1,'gate-boot-1',62,11000,1000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500001000,'ntp',2,'😢');
INSERT INTO "event" VALUES('64a9d9e2-3aa3-480a-82cd-bf88c748b5fb','riverside-gate',1,'gate-boot-1',63,12000,2000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500002000,'ntp',2,'😢');
INSERT INTO "event" VALUES('1d0ff7fd-60bc-4961-8e18-4a6ecc01f3c1','riverside-gate',1,'gate-boot-1',64,13000,3000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500003000,'ntp',2,'😢');
INSERT INTO "event" VALUES('8e2841cf-ae08-4756-9a9d-8212cd7095d8','riverside-gate',1,'gate-boot-1',65,14000,4000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500004000,'ntp',2,'😀');
INSERT INTO "event" VALUES('a5d9489b-e6c6-49fa-a73f-360a63d5a5b5','riverside-gate',1,'gate-boot-1',66,15000,5000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500005000,'ntp',2,'😀');
INSERT INTO "event" VALUES('28845acb-5e18-4e01-8d90-ec86b2e71036','riverside-gate',1,'gate-boot-1',67,16000,6000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500006000,'ntp',2,'😢');
INSERT INTO "event" VALUES('ebd65281-9211-4fe3-88df-10aae95ef86c','riverside-gate',1,'gate-boot-1',68,17000,7000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500007000,'ntp',2,'😐');
INSERT INTO "event" VALUES('4a004fb6-f865-4093-abd0-ed3f7e1029ee','riverside-gate',1,'gate-boot-1',69,18000,8000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500008000,'ntp',2,'😐');
INSERT INTO "event" VALUES('708ac839-dfa3-4c18-8887-5902a3ff08c7','riverside-gate',1,'gate-boot-1',70,19000,9000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500009000,'ntp',2,'😢');
INSERT INTO "event" VALUES('0d33f58b-0800-4c84-aed7-3f09ca2b9be8','riverside-gate',1,'gate-boot-1',71,20000,10000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500010000,'ntp',2,'😀');
INSERT INTO "event" VALUES('e7bb5fa0-d809-403a-8a81-b3b27663404f','riverside-gate',1,'gate-boot-1',72,21000,11000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500011000,'ntp',2,'😀');
INSERT INTO "event" VALUES('b495a074-0c02-4793-8fdb-6832a6708189','riverside-gate',1,'gate-boot-1',73,22000,12000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500012000,'ntp',2,'😐');
INSERT INTO "event" VALUES('1af63c72-61a9-4de7-96d8-132e630db4c3','riverside-gate',1,'gate-boot-1',74,23000,13000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500013000,'ntp',2,'😀');
INSERT INTO "event" VALUES('b53c47a4-07aa-4b14-84d7-144e104cc575','riverside-gate',1,'gate-boot-1',75,24000,14000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500014000,'ntp',2,'😀');
INSERT INTO "event" VALUES('cd284da6-367b-448e-a115-e633c1008b53','riverside-gate',1,'gate-boot-1',76,25000,15000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500015000,'ntp',2,'😢');
INSERT INTO "event" VALUES('cbfa2ada-49b2-4f90-aa02-c6c592451c3f','riverside-gate',1,'gate-boot-1',77,26000,16000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500016000,'ntp',2,'😐');
INSERT INTO "event" VALUES('4e58f411-78d9-4986-9df9-cd2b510f5f4d','riverside-gate',1,'gate-boot-1',78,27000,17000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500017000,'ntp',2,'😐');
INSERT INTO "event" VALUES('51740940-d4ef-4ab6-af30-f08bc7ec7dee','riverside-gate',1,'gate-boot-1',79,28000,18000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500018000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('92530836-3e3c-4bce-a265-13a2d6598c73','riverside-gate',1,'gate-boot-1',80,29000,19000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500019000,'ntp',2,'😀');
INSERT INTO "event" VALUES('12ee2a7e-a286-4a4f-b55d-f3fc9b16512e','riverside-gate',1,'gate-boot-1',81,30000,1750500020000,1,'heartbeat',1,'{"outbox": {"pending": 0, "in_flight": 1, "acked": 0, "rejected": 0}, "software": "0.1.0"}',1750507200000,1750500020000,'kiosk',NULL,NULL);
INSERT INTO "event" VALUES('c173093d-33b9-472b-9ea6-a4e4e3ffa978','riverside-gate',1,'gate-boot-1',82,31000,21000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500021000,'ntp',2,'😀');
INSERT INTO "event" VALUES('c2ac9fb8-28ed-4566-a1f0-9f549e1c2c57','riverside-gate',1,'gate-boot-1',83,32000,22000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500022000,'ntp',2,'😐');
INSERT INTO "event" VALUES('e9cc8c81-9270-4664-95cf-ff794d2ce3ed','riverside-gate',1,'gate-boot-1',84,33000,23000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500023000,'ntp',2,'😀');
INSERT INTO "event" VALUES('b4ea8822-4c48-4bd4-9e24-79da828ab1ad','riverside-gate',1,'gate-boot-1',85,34000,24000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500024000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('04ef87a8-ecbe-4bf6-ab51-473fcc63e970','riverside-gate',1,'gate-boot-1',86,35000,25000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500025000,'ntp',2,'😐');
INSERT INTO "event" VALUES('7d30c6ee-9b9d-4902-8ca1-a77308a1f531','riverside-gate',1,'gate-boot-1',87,36000,26000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500026000,'ntp',2,'😀');
INSERT INTO "event" VALUES('1a40bd8e-77d2-44d8-b360-07ddc1dbf6b7','riverside-gate',1,'gate-boot-1',88,37000,27000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750500027000,'ntp',2,'😢');
INSERT INTO "event" VALUES('ebf4c085-daba-4d94-b416-09370b8cb015','riverside-gate',1,'gate-boot-1',89,38000,28000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500028000,'ntp',2,'😀');
INSERT INTO "event" VALUES('6392e22d-073a-45a3-aeab-333f747921d0','riverside-gate',1,'gate-boot-1',90,39000,29000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500029000,'ntp',2,'😀');
INSERT INTO "event" VALUES('65744d76-0a03-40c4-bb3b-fda821887ac4','riverside-gate',1,'gate-boot-1',91,40000,30000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500030000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('8454bf1b-c2da-40f2-9209-cfd3e5180838','riverside-gate',1,'gate-boot-1',92,41000,31000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500031000,'ntp',2,'😐');
INSERT INTO "event" VALUES('8694c4cc-5da9-46dd-949d-017231f36ce5','riverside-gate',1,'gate-boot-1',93,42000,32000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500032000,'ntp',2,'😐');
INSERT INTO "event" VALUES('ec55065c-2aff-46b6-92c7-b234fc15b635','riverside-gate',1,'gate-boot-1',94,43000,33000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500033000,'ntp',2,'😀');
INSERT INTO "event" VALUES('0562f06a-8b29-4a1f-9e79-59e05a8db3a6','riverside-gate',1,'gate-boot-1',95,44000,34000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500034000,'ntp',2,'😀');
INSERT INTO "event" VALUES('95a27162-afc9-471f-be7e-8eed8da11228','riverside-gate',1,'gate-boot-1',96,45000,35000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500035000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('ed595782-d503-42e7-a327-783fa811b9fd','riverside-gate',1,'gate-boot-1',97,46000,36000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500036000,'ntp',2,'😐');
INSERT INTO "event" VALUES('f056ee29-f303-48c3-8f0a-17e1a54cdae0','riverside-gate',1,'gate-boot-1',98,47000,37000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750500037000,'ntp',2,'😐');
INSERT INTO "event" VALUES('bc28aa00-1645-4608-a054-7653322652f0','riverside-gate',1,'gate-boot-1',99,48000,38000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750500038000,'ntp',2,'😀');
INSERT INTO "event" VALUES('baa54595-71d9-4f50-a515-36370786ab9a','riverside-gate',1,'gate-boot-1',100,49000,39000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750500039000,'ntp',2,'🙂');
INSERT INTO "event" VALUES('3305563d-50ca-4f0a-aa3e-0ab9a6de32d1','riverside-gate',1,'gate-boot-2',101,10000,1750503600000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503600000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('94af8ba2-64d7-495d-9e68-4666f9f7be66','riverside-gate',1,'gate-boot-2',102,11000,1750503601000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503601000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('c1f39cf3-e243-4383-97bb-6896d57cc6a1','riverside-gate',1,'gate-boot-2',103,12000,1750503602000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503602000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('38a2ef4a-498d-491d-9386-61e91050120f','riverside-gate',1,'gate-boot-2',104,13000,1750503603000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503603000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('550cfd4f-dc49-4100-a68d-f0edf7976a93','riverside-gate',1,'gate-boot-2',105,14000,1750503604000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503604000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('7d8d1255-40e9-4a99-ad46-312df18e5790','riverside-gate',1,'gate-boot-2',106,15000,1750503605000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503605000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('ec9f7681-6058-44dd-8051-50103b751373','riverside-gate',1,'gate-boot-2',107,16000,1750503606000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503606000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('51711803-3891-42e4-8701-48b39ba04599','riverside-gate',1,'gate-boot-2',108,17000,1750503607000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503607000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('8f2e86f9-f166-498a-8230-08836d092f57','riverside-gate',1,'gate-boot-2',109,18000,1750503608000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503608000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('16429d63-23bc-4814-a2cc-f0220dbe0c5d','riverside-gate',1,'gate-boot-2',110,19000,1750503609000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503609000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('473fa2c9-a821-4be0-a35a-606f55c506ef','riverside-gate',1,'gate-boot-2',111,20000,1750503610000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503610000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('209c3ab6-0b9e-4e61-8699-71416f2b4ecb','riverside-gate',1,'gate-boot-2',112,21000,1750503611000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503611000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('b0245b8e-9ec7-4476-9655-a621b8388898','riverside-gate',1,'gate-boot-2',113,22000,1750503612000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503612000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('350affb8-e68e-413a-9984-d361fc21c01b','riverside-gate',1,'gate-boot-2',114,23000,1750503613000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503613000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('6802969e-38c9-45f0-af42-31682e6afdcf','riverside-gate',1,'gate-boot-2',115,24000,1750503614000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503614000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('65fa5ac5-90fc-48ff-8a03-46c04be275b6','riverside-gate',1,'gate-boot-2',116,25000,1750503615000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503615000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('b1ceb22a-8b20-4bf1-bac4-3b093f404cb5','riverside-gate',1,'gate-boot-2',117,26000,1750503616000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503616000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('e45dec57-9d7d-49e5-bd26-13ea35073995','riverside-gate',1,'gate-boot-2',118,27000,1750503617000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503617000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('c18ed6ba-edd0-473b-92f4-cc750913f097','riverside-gate',1,'gate-boot-2',119,28000,1750503618000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503618000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('53c2af75-67a3-47bf-a293-1c93547bffb1','riverside-gate',1,'gate-boot-2',120,29000,1750503619000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503619000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('d624c2f7-6024-4394-ac98-e74d44ef50e2','riverside-gate',1,'gate-boot-2',121,30000,1750503620000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503620000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('98c5144b-32af-4d2e-a8f5-3748851b40e3','riverside-gate',1,'gate-boot-2',122,31000,1750503621000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503621000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('02cae0c8-0633-49a1-8bb9-c206a6dfe63c','riverside-gate',1,'gate-boot-2',123,32000,1750503622000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503622000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('d34b6a0d-de8b-4210-aa47-0e3cd4f7f641','riverside-gate',1,'gate-boot-2',124,33000,1750503623000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503623000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('aeefa9a0-7293-4384-8726-792cbaac842d','riverside-gate',1,'gate-boot-2',125,34000,1750503624000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503624000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('36b20549-7df1-4ca0-8302-cca9bace792b','riverside-gate',1,'gate-boot-2',126,35000,1750503625000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503625000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('fe91a12e-3ff8-49d6-a60a-5734ab2a67e2','riverside-gate',1,'gate-boot-2',127,36000,1750503626000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503626000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('b486419f-fbcd-4862-8d7c-4a0201ab1d1d','riverside-gate',1,'gate-boot-2',128,37000,1750503627000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503627000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('1d605c1e-7a33-4ad9-9c14-a9268950c3b4','riverside-gate',1,'gate-boot-2',129,38000,1750503628000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503628000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('074d86fc-2c8b-4481-97c7-8f115716564b','riverside-gate',1,'gate-boot-2',130,39000,1750503629000,1,'heartbeat',1,'{"outbox": {"pending": 0, "in_flight": 1, "acked": 0, "rejected": 0}, "software": "0.1.0"}',1750507200000,1750503629000,'kiosk',NULL,NULL);
INSERT INTO "event" VALUES('b4fe225f-0a09-41f0-b5bc-50230734edd4','riverside-gate',1,'gate-boot-2',131,10000,1750503660000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503660000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('0b38b71f-f870-40f8-bc03-064587e629e7','riverside-gate',1,'gate-boot-2',132,11000,1750503661000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503661000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('1d0632a1-a98c-4d65-8c61-ff93c1dc51ad','riverside-gate',1,'gate-boot-2',133,12000,1750503662000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503662000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('8d04852e-f2dd-4956-9ef2-b1a707a4f548','riverside-gate',1,'gate-boot-2',134,13000,1750503663000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503663000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('6cdb4682-1726-46fe-8239-4b5b165b6265','riverside-gate',1,'gate-boot-2',135,14000,1750503664000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503664000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('b00fd39f-a853-44c4-9421-ea4e7a2a2e88','riverside-gate',1,'gate-boot-2',136,15000,1750503665000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503665000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('b202e68c-163e-45eb-8e12-5e4df282c9cf','riverside-gate',1,'gate-boot-2',137,16000,1750503666000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503666000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('d9b80bfa-68e5-4350-97e3-930e69e38423','riverside-gate',1,'gate-boot-2',138,17000,1750503667000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503667000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('ca383d35-b314-42c6-b491-831f8354d5a0','riverside-gate',1,'gate-boot-2',139,18000,1750503668000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503668000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('72b63fe3-4728-4d8b-9400-ae2177ed1624','riverside-gate',1,'gate-boot-2',140,19000,1750503669000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503669000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('a946a981-21fd-41dd-b2be-1a3ae80b434a','riverside-gate',1,'gate-boot-2',141,20000,1750503670000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503670000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('fc2f77d5-bd76-44d4-9bba-2eb5a45fa786','riverside-gate',1,'gate-boot-2',142,21000,1750503671000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503671000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('678dd00b-cc4b-495e-aa78-f64871f49c51','riverside-gate',1,'gate-boot-2',143,22000,1750503672000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503672000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('d0f78318-b334-4c33-abfe-413ac7283b19','riverside-gate',1,'gate-boot-2',144,23000,1750503673000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503673000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('6d4e0cc3-4879-4b56-a7b3-dc313e1c6e55','riverside-gate',1,'gate-boot-2',145,24000,1750503674000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503674000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('bd5fce0b-b6d9-4b88-9815-9aa84251eb3d','riverside-gate',1,'gate-boot-2',146,25000,1750503675000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503675000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('e6628787-5dd5-4f07-a903-b4a5e28d7b1f','riverside-gate',1,'gate-boot-2',147,26000,1750503676000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503676000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('11e6da8d-484d-42d1-87d3-6986fa9474b7','riverside-gate',1,'gate-boot-2',148,27000,1750503677000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503677000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('9e2b82fe-eb87-4a46-9941-99197acb0e4a','riverside-gate',1,'gate-boot-2',149,28000,1750503678000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503678000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('0a37e6c4-9553-4e12-9ef9-0b60b2c560e7','riverside-gate',1,'gate-boot-2',150,29000,1750503679000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503679000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('0ec03004-27a1-41c8-af61-5a5fd46b42fb','riverside-gate',1,'gate-boot-2',151,30000,1750503680000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503680000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('3e3ddf7e-df1b-40d1-abc9-716f6d23e649','riverside-gate',1,'gate-boot-2',152,31000,1750503681000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503681000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('5970df0c-b4e8-41b2-a400-3ecd913fb77d','riverside-gate',1,'gate-boot-2',153,32000,1750503682000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503682000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('53c632cb-e00c-4962-8b94-d34e2ce3b337','riverside-gate',1,'gate-boot-2',154,33000,1750503683000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503683000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('7192a61f-3777-4be6-b9c8-26a0ed9696bc','riverside-gate',1,'gate-boot-2',155,34000,1750503684000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503684000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('d5c3c1c0-9834-4457-9e15-22dde720d294','riverside-gate',1,'gate-boot-2',156,35000,1750503685000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503685000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('85aa25be-9d3b-4a86-91cb-c09cfe384a97','riverside-gate',1,'gate-boot-2',157,36000,1750503686000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503686000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('fbda243e-3aad-4e3d-abcf-05005ec782e0','riverside-gate',1,'gate-boot-2',158,37000,1750503687000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503687000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('27235c83-069c-40b4-822c-874e3ccecae1','riverside-gate',1,'gate-boot-2',159,38000,1750503688000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503688000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('387e37bc-2a96-43ee-9dae-2a51f3aeb773','riverside-gate',1,'gate-boot-2',160,39000,1750503689000,1,'heartbeat',1,'{"outbox": {"pending": 0, "in_flight": 1, "acked": 0, "rejected": 0}, "software": "0.1.0"}',1750507200000,1750503689000,'kiosk',NULL,NULL);
INSERT INTO "event" VALUES('02327358-0c3a-435c-a287-7cfcfeffdd91','riverside-gate',1,'gate-boot-2',161,10000,1750503720000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503720000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('ad01bbae-4982-4f67-afde-ec2ff7951bf5','riverside-gate',1,'gate-boot-2',162,11000,1750503721000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503721000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('27104a6a-8cd6-4e94-b65b-825fbbc1eb21','riverside-gate',1,'gate-boot-2',163,12000,1750503722000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503722000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('62d7163d-416c-4132-afee-974fc48e3a48','riverside-gate',1,'gate-boot-2',164,13000,1750503723000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503723000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('11db3def-bfa3-48af-b1ae-4b6e3835f434','riverside-gate',1,'gate-boot-2',165,14000,1750503724000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503724000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('8102bc56-2fd3-4e0c-a703-8cb4d707d187','riverside-gate',1,'gate-boot-2',166,15000,1750503725000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503725000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('887efec2-6746-4138-b6ca-003c149f97be','riverside-gate',1,'gate-boot-2',167,16000,1750503726000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503726000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('a925e72c-cd40-4475-841e-d2adea87e013','riverside-gate',1,'gate-boot-2',168,17000,1750503727000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503727000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('31d9e10d-35b0-465f-8c5b-5877a9b82a65','riverside-gate',1,'gate-boot-2',169,18000,1750503728000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503728000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('2d2c1772-b0d0-4f50-a86b-dcad9bea118d','riverside-gate',1,'gate-boot-2',170,19000,1750503729000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503729000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('0a26735a-dc61-40bd-9c78-0548ceb5da59','riverside-gate',1,'gate-boot-2',171,20000,1750503730000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503730000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('be3d94de-e93d-4668-ad4e-65a82997dd58','riverside-gate',1,'gate-boot-2',172,21000,1750503731000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503731000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('a519185b-e81e-4829-b0e7-1b594f9eb980','riverside-gate',1,'gate-boot-2',173,22000,1750503732000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503732000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('a2060635-d6aa-463a-8913-b6d1372cda38','riverside-gate',1,'gate-boot-2',174,23000,1750503733000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503733000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('3a08d3bb-3764-4f75-8da9-4396a6525399','riverside-gate',1,'gate-boot-2',175,24000,1750503734000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503734000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('4281b00b-8493-49a6-8dce-f6b9e805ec6f','riverside-gate',1,'gate-boot-2',176,25000,1750503735000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503735000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('27345845-1449-4c8e-989b-a6be4366ace3','riverside-gate',1,'gate-boot-2',177,26000,1750503736000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503736000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('19f0d14b-29ce-4558-8e35-2225d383f3c3','riverside-gate',1,'gate-boot-2',178,27000,1750503737000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503737000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('ee349691-020c-499c-bbbd-34ddc59a3f38','riverside-gate',1,'gate-boot-2',179,28000,1750503738000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503738000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('2938704f-e659-48fe-86c2-a01609f590b5','riverside-gate',1,'gate-boot-2',180,29000,1750503739000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503739000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('410dd665-bf9f-4d0c-bd3b-26c567d69682','riverside-gate',1,'gate-boot-2',181,30000,1750503740000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503740000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('a386dd7e-16b5-435a-89cb-ec601954b677','riverside-gate',1,'gate-boot-2',182,31000,1750503741000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507200000,1750503741000,'kiosk',2,'🙂');
INSERT INTO "event" VALUES('79ee7436-be39-4c28-911e-1407532625a9','riverside-gate',1,'gate-boot-2',183,32000,1750503742000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503742000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('b8e48533-fd60-480e-a681-bb977b4a65d2','riverside-gate',1,'gate-boot-2',184,33000,1750503743000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503743000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('608cf711-cae8-4d0f-bb16-d68d393db224','riverside-gate',1,'gate-boot-2',185,34000,1750503744000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503744000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('ecb483a6-7283-437a-9e2a-edd7417b5af0','riverside-gate',1,'gate-boot-2',186,35000,1750503745000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507200000,1750503745000,'kiosk',2,'😀');
INSERT INTO "event" VALUES('291fd759-9899-442d-91f2-09bc1fc220d5','riverside-gate',1,'gate-boot-2',187,36000,1750503746000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503746000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('69011f80-8807-4c51-8199-dfcabb9be521','riverside-gate',1,'gate-boot-2',188,37000,1750503747000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507200000,1750503747000,'kiosk',2,'😢');
INSERT INTO "event" VALUES('0a6bf605-f6fa-48b6-b3e0-cffb0287f2db','riverside-gate',1,'gate-boot-2',189,38000,1750503748000,1,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507200000,1750503748000,'kiosk',2,'😐');
INSERT INTO "event" VALUES('c8fd56bb-a4e8-4133-89a1-398076d8672b','riverside-gate',1,'gate-boot-2',190,39000,1750503749000,1,'heartbeat',1,'{"outbox": {"pending": 0, "in_flight": 1, "acked": 0, "rejected": 0}, "software": "0.1.0"}',1750507200000,1750503749000,'kiosk',NULL,NULL);
INSERT INTO "event" VALUES('803e388b-4000-4006-9555-edf36a8111c9','riverside-bench',1,'bench-boot-0',1,10000,0,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507260000,NULL,NULL,2,'🙂');
INSERT INTO "event" VALUES('7a1893b2-ed73-48bd-ab69-55806aa9aa44','riverside-bench',1,'bench-boot-0',2,11000,1000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,NULL,NULL,2,'😢');
INSERT INTO "event" VALUES('4f24572d-0a8a-4910-bb37-e214f7fb019a','riverside-bench',1,'bench-boot-0',3,12000,2000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507260000,NULL,NULL,2,'🙂');
INSERT INTO "event" VALUES('081c206c-b56e-4fc1-9627-ef862f08f948','riverside-bench',1,'bench-boot-0',4,13000,3000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507260000,NULL,NULL,2,'🙂');
INSERT INTO "event" VALUES('00d5a241-bc35-4ca0-81fc-a126297c81ef','riverside-bench',1,'bench-boot-0',5,14000,4000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507260000,NULL,NULL,2,'🙂');
INSERT INTO "event" VALUES('70df54d3-c7fb-4d3d-b411-a9ee318e24dc','riverside-bench',1,'bench-boot-0',6,15000,5000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507260000,NULL,NULL,2,'😀');
INSERT INTO "event" VALUES('35b80e99-c5ae-41c6-bae8-110dace99c4b','riverside-bench',1,'bench-boot-0',7,16000,6000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507260000,NULL,NULL,2,'🙂');
INSERT INTO "event" VALUES('4ffdd996-3247-478f-9008-062a6dfa9877','riverside-bench',1,'bench-boot-0',8,17000,7000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507260000,NULL,NULL,2,'😀');
INSERT INTO "event" VALUES('b3ace980-c728-4dc7-a406-2de44fc2d1cb','riverside-bench',1,'bench-boot-0',9,18000,8000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,NULL,NULL,2,'😢');
INSERT INTO "event" VALUES('607c5460-e244-4193-b66a-06564fc74689','riverside-bench',1,'bench-boot-0',10,19000,9000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507260000,NULL,NULL,2,'😐');
INSERT INTO "event" VALUES('371b0636-7668-4d43-bc47-f00842341901','riverside-bench',1,'bench-boot-0',11,20000,10000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507260000,NULL,NULL,2,'😀');
INSERT INTO "event" VALUES('e678006e-e3d2-44fb-9135-f8c0ace16c80','riverside-bench',1,'bench-boot-0',12,21000,11000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507260000,NULL,NULL,2,'😐');
INSERT INTO "event" VALUES('84e20830-6846-4740-bb88-54423a1967ad','riverside-bench',1,'bench-boot-1',13,10000,0,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507260000,1750507222000,'hub',2,'😀');
INSERT INTO "event" VALUES('78bb986c-213a-4611-a039-1aeaa48f95b8','riverside-bench',1,'bench-boot-1',14,11000,1000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507260000,1750507223000,'hub',2,'😀');
INSERT INTO "event" VALUES('d51d31bd-170e-40d2-936d-21a72a11c485','riverside-bench',1,'bench-boot-1',15,12000,2000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507224000,'hub',2,'😢');
INSERT INTO "event" VALUES('70cc80da-25bb-4635-9ecb-92aca24c9dba','riverside-bench',1,'bench-boot-1',16,13000,3000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507225000,'hub',2,'😢');
INSERT INTO "event" VALUES('04899874-fb3e-4213-8612-dc6f90fb9ae8','riverside-bench',1,'bench-boot-1',17,14000,4000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507260000,1750507226000,'hub',2,'🙂');
INSERT INTO "event" VALUES('90607cc7-c0ba-4d7b-bf1d-afb2f1ad256a','riverside-bench',1,'bench-boot-1',18,15000,5000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507227000,'hub',2,'😢');
INSERT INTO "event" VALUES('f7d725b3-a104-4c13-8721-f53293ae26e1','riverside-bench',1,'bench-boot-1',19,16000,6000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507260000,1750507228000,'hub',2,'😐');
INSERT INTO "event" VALUES('2532cc6d-c10c-4dd8-90be-7cd2a011f075','riverside-bench',1,'bench-boot-1',20,17000,7000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507229000,'hub',2,'😢');
INSERT INTO "event" VALUES('973d829c-73de-497f-a040-26403c782b89','riverside-bench',1,'bench-boot-1',21,18000,8000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507230000,'hub',2,'😢');
INSERT INTO "event" VALUES('b1857065-6cfe-4697-a60c-734be21fe4ef','riverside-bench',1,'bench-boot-1',22,19000,9000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507231000,'hub',2,'😢');
INSERT INTO "event" VALUES('e3473bd2-9cb0-42cf-92f9-2d8c76b84a58','riverside-bench',1,'bench-boot-1',23,20000,10000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507260000,1750507232000,'hub',2,'🙂');
INSERT INTO "event" VALUES('ad109b1f-541f-40a4-9bbf-4d29d97ad708','riverside-bench',1,'bench-boot-1',24,21000,11000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507260000,1750507233000,'hub',2,'😀');
INSERT INTO "event" VALUES('a7c477f1-fb1c-4acd-82fb-8e22329cb6d3','riverside-bench',1,'bench-boot-1',25,22000,12000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507234000,'hub',2,'😢');
INSERT INTO "event" VALUES('5747218a-0dda-46e1-969f-c34b456a0d5f','riverside-bench',1,'bench-boot-1',26,23000,13000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507235000,'hub',2,'😢');
INSERT INTO "event" VALUES('3f86e977-cd2b-4461-8be4-94a491a5e5da','riverside-bench',1,'bench-boot-1',27,24000,14000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507260000,1750507236000,'hub',2,'🙂');
INSERT INTO "event" VALUES('5a531696-f06c-4019-8ef5-06c1f72b0c80','riverside-bench',1,'bench-boot-1',28,25000,15000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507260000,1750507237000,'hub',2,'🙂');
INSERT INTO "event" VALUES('b13d4ead-985b-466e-97c9-b851931f885d','riverside-bench',1,'bench-boot-1',29,26000,16000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507238000,'hub',2,'😢');
INSERT INTO "event" VALUES('649b9259-6b1c-4735-bad3-110dbaf7f0cc','riverside-bench',1,'bench-boot-1',30,27000,17000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507239000,'hub',2,'😢');
INSERT INTO "event" VALUES('132eae84-c945-41a9-930e-f0191d1f0d24','riverside-bench',1,'bench-boot-1',31,28000,18000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507260000,1750507240000,'hub',2,'😀');
INSERT INTO "event" VALUES('b99da711-60ec-4da3-84a5-68e515f40840','riverside-bench',1,'bench-boot-1',32,29000,19000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507260000,1750507241000,'hub',2,'😀');
INSERT INTO "event" VALUES('0a1b1b47-c5db-4407-96b7-f6f3cf28e1ea','riverside-bench',1,'bench-boot-1',33,30000,20000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507260000,1750507242000,'hub',2,'😐');
INSERT INTO "event" VALUES('92cbb4fa-00bb-44f9-ba60-2c5f47f04dcf','riverside-bench',1,'bench-boot-1',34,31000,21000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507260000,1750507243000,'hub',2,'😀');
INSERT INTO "event" VALUES('88b48e6a-2bfd-4622-8898-937c590fb168','riverside-bench',1,'bench-boot-1',35,32000,22000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507260000,1750507244000,'hub',2,'🙂');
INSERT INTO "event" VALUES('4f7c537c-efbf-474d-abd9-5bae5adc854a','riverside-bench',1,'bench-boot-1',36,33000,23000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507260000,1750507245000,'hub',2,'😐');
INSERT INTO "event" VALUES('b5e872d9-5c48-44c4-9206-7a5521fa28c0','riverside-bench',1,'bench-boot-1',37,34000,24000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507260000,1750507246000,'hub',2,'😐');
INSERT INTO "event" VALUES('c1e256ba-22d4-4b8d-89fb-956b1584d0b3','riverside-bench',1,'bench-boot-1',38,35000,25000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507247000,'hub',2,'😢');
INSERT INTO "event" VALUES('c4c51645-fb09-4db5-851f-8cb820ca850f','riverside-bench',1,'bench-boot-1',39,36000,26000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507260000,1750507248000,'hub',2,'😐');
INSERT INTO "event" VALUES('038b36ad-15ac-4aa9-976c-8d88212f46ef','riverside-bench',1,'bench-boot-1',40,37000,27000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507260000,1750507249000,'hub',2,'😐');
INSERT INTO "event" VALUES('9c637006-9575-4bb3-958c-7ea97243ead6','riverside-bench',1,'bench-boot-1',41,38000,28000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507250000,'hub',2,'😢');
INSERT INTO "event" VALUES('1036874d-9b73-44a9-85fb-69ca81b4616e','riverside-bench',1,'bench-boot-1',42,39000,29000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507260000,1750507251000,'hub',2,'😀');
INSERT INTO "event" VALUES('57d273d4-8ed1-42b2-a1e3-08b9527d34f6','riverside-bench',1,'bench-boot-1',43,40000,30000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507260000,1750507252000,'hub',2,'🙂');
INSERT INTO "event" VALUES('825970f3-22cb-489c-ad3d-3d89cbba8f04','riverside-bench',1,'bench-boot-1',44,41000,31000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507260000,1750507253000,'hub',2,'😐');
INSERT INTO "event" VALUES('a2cc85cf-cea1-4554-bc18-c029912e203e','riverside-bench',1,'bench-boot-1',45,42000,32000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507260000,1750507254000,'hub',2,'😐');
INSERT INTO "event" VALUES('e3d45a6c-098d-4d0e-ac63-adec5784aed2','riverside-bench',1,'bench-boot-1',46,43000,33000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507260000,1750507255000,'hub',2,'😀');
INSERT INTO "event" VALUES('d7405506-e327-42b6-829d-bc7e793becc6','riverside-bench',1,'bench-boot-1',47,44000,34000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507256000,'hub',2,'😢');
INSERT INTO "event" VALUES('2a91ae41-1b8d-418e-bd76-1bed839d7863','riverside-bench',1,'bench-boot-1',48,45000,35000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude42", "source": "button"}',1750507260000,1750507257000,'hub',2,'🙂');
INSERT INTO "event" VALUES('41472b9a-8693-45d7-ac7d-3b4fbe24d290','riverside-bench',1,'bench-boot-1',49,46000,36000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude00", "source": "button"}',1750507260000,1750507258000,'hub',2,'😀');
INSERT INTO "event" VALUES('29801707-f857-4b78-9f56-763414d05029','riverside-bench',1,'bench-boot-1',50,47000,37000,0,'reaction',1,'{"prompt_id": 2, "emoji": "\ud83d\ude10", "source": "button"}',1750507260000,1750507259000,'hub',2,'😐');
INSERT INTO "event" VALUES('0ebb749d-1405-4499-9a44-44ad2e5b4814','riverside-bench',1,'bench-boot-1',51,10000,0,0,'reaction',1,'{"prompt_id": 1, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507222000,'hub',1,'😢');
INSERT INTO "event" VALUES('b7fcf6c6-86fb-4b69-acf5-7a30a94b3582','riverside-bench',1,'bench-boot-1',52,11000,1000,0,'reaction',1,'{"prompt_id": 1, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507223000,'hub',1,'😢');
INSERT INTO "event" VALUES('f3d77cd8-a4c3-4657-bd1d-78f0876bcb17','riverside-bench',1,'bench-boot-1',53,12000,2000,0,'reaction',1,'{"prompt_id": 1, "emoji": "\ud83d\ude00", "source": "button"}',1750507260000,1750507224000,'hub',1,'😀');
INSERT INTO "event" VALUES('679bfb3a-d165-4284-940a-c9d2acdd9c21','riverside-bench',1,'bench-boot-1',54,13000,3000,0,'reaction',1,'{"prompt_id": 1, "emoji": "\ud83d\ude00", "source": "button"}',1750507260000,1750507225000,'hub',1,'😀');
INSERT INTO "event" VALUES('e3107cae-7fe1-40b1-8d47-fac8e4458a71','riverside-bench',1,'bench-boot-1',55,14000,4000,0,'reaction',1,'{"prompt_id": 1, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507226000,'hub',1,'😢');
INSERT INTO "event" VALUES('fe5580d8-dfb4-47aa-8ddf-02dcd84bfd1a','riverside-bench',1,'bench-boot-1',56,15000,5000,0,'reaction',1,'{"prompt_id": 1, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507227000,'hub',1,'😢');
INSERT INTO "event" VALUES('ce0952a3-0a31-4f40-93a5-da7a97e0c261','riverside-bench',1,'bench-boot-1',57,16000,6000,0,'reaction',1,'{"prompt_id": 1, "emoji": "\ud83d\ude00", "source": "button"}',1750507260000,1750507228000,'hub',1,'😀');
INSERT INTO "event" VALUES('032fd0d6-c5d1-4085-a392-51337ec9b321','riverside-bench',1,'bench-boot-1',58,17000,7000,0,'reaction',1,'{"prompt_id": 1, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507229000,'hub',1,'😢');
INSERT INTO "event" VALUES('d7b6eb21-f1e8-449e-9401-96f99699f1f5','riverside-bench',1,'bench-boot-1',59,18000,8000,0,'reaction',1,'{"prompt_id": 1, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507230000,'hub',1,'😢');
INSERT INTO "event" VALUES('cf6c5629-4b7a-4f64-a3b2-bacfa89948a4','riverside-bench',1,'bench-boot-1',60,19000,9000,0,'reaction',1,'{"prompt_id": 1, "emoji": "\ud83d\ude22", "source": "button"}',1750507260000,1750507231000,'hub',1,'😢');
INSERT INTO "event" VALUES('95028d6b-f413-4f87-9004-6cc1eeeacaef','harbour-door',2,'door-boot-1',1,10000,1750500000000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\uddc0", "source": "button"}',1750507320000,1750500000000,'kiosk',3,'🧀');
INSERT INTO "event" VALUES('b0dbc4e4-23da-4249-848e-6d257f914b09','harbour-door',2,'door-boot-1',2,11000,1750500001000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\udd56", "source": "button"}',1750507320000,1750500001000,'kiosk',3,'🥖');
INSERT INTO "event" VALUES('942742b2-a055-412c-a60e-2b9e90ebd9ad','harbour-door',2,'door-boot-1',3,12000,1750500002000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\uddc0", "source": "button"}',1750507320000,1750500002000,'kiosk',3,'🧀');
INSERT INTO "event" VALUES('0053641b-bb8f-4e4a-9b5c-7409887bab27','harbour-door',2,'door-boot-1',4,13000,1750500003000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\uddc0", "source": "button"}',1750507320000,1750500003000,'kiosk',3,'🧀');
INSERT INTO "event" VALUES('acb37e11-4386-4b58-a654-10723b8f56c3','harbour-door',2,'door-boot-1',5,14000,1750500004000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83c\udf4e", "source": "button"}',1750507320000,1750500004000,'kiosk',3,'🍎');
INSERT INTO "event" VALUES('113903fd-2600-4fd0-a13b-9db7e51a0fd8','harbour-door',2,'door-boot-1',6,15000,1750500005000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\uddc0", "source": "button"}',1750507320000,1750500005000,'kiosk',3,'🧀');
INSERT INTO "event" VALUES('fc75a0b0-364f-42d5-b30e-681bd021a953','harbour-door',2,'door-boot-1',7,16000,1750500006000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\udd56", "source": "button"}',1750507320000,1750500006000,'kiosk',3,'🥖');
INSERT INTO "event" VALUES('1bb2f058-95c7-40bc-8c4b-057546baa662','harbour-door',2,'door-boot-1',8,17000,1750500007000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\uddc0", "source": "button"}',1750507320000,1750500007000,'kiosk',3,'🧀');
INSERT INTO "event" VALUES('10b07a2b-31b9-4971-93e4-a516fd7af580','harbour-door',2,'door-boot-1',9,18000,1750500008000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83c\udf4e", "source": "button"}',1750507320000,1750500008000,'kiosk',3,'🍎');
INSERT INTO "event" VALUES('715f8ac5-3544-48fc-a724-18d4c2012f60','harbour-door',2,'door-boot-1',10,19000,1750500009000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\udd56", "source": "button"}',1750507320000,1750500009000,'kiosk',3,'🥖');
INSERT INTO "event" VALUES('92237367-369f-49ba-9d4d-939216a7c51e','harbour-door',2,'door-boot-1',11,20000,1750500010000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\uddc0", "source": "button"}',1750507320000,1750500010000,'kiosk',3,'🧀');
INSERT INTO "event" VALUES('09e2c14c-7f95-43ce-b4ee-a8b0bcef08ab','harbour-door',2,'door-boot-1',12,21000,1750500011000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83c\udf4e", "source": "button"}',1750507320000,1750500011000,'kiosk',3,'🍎');
INSERT INTO "event" VALUES('280c8d26-7af7-483b-a838-42d5fd8507f2','harbour-door',2,'door-boot-1',13,22000,1750500012000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83c\udf4e", "source": "button"}',1750507320000,1750500012000,'kiosk',3,'🍎');
INSERT INTO "event" VALUES('69ca5103-d66c-4fa4-bfde-ff0261f25334','harbour-door',2,'door-boot-1',14,23000,1750500013000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\udd56", "source": "button"}',1750507320000,1750500013000,'kiosk',3,'🥖');
INSERT INTO "event" VALUES('0891e057-a0b7-4c38-9249-2f07eeccef5c','harbour-door',2,'door-boot-1',15,24000,1750500014000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\udd56", "source": "button"}',1750507320000,1750500014000,'kiosk',3,'🥖');
INSERT INTO "event" VALUES('fd716cd2-236c-4883-8ac3-bbef7017e88a','harbour-door',2,'door-boot-1',16,25000,1750500015000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\uddc0", "source": "button"}',1750507320000,1750500015000,'kiosk',3,'🧀');
INSERT INTO "event" VALUES('8557e4bd-6d11-4a63-8a23-87af1f88f508','harbour-door',2,'door-boot-1',17,26000,1750500016000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83c\udf4e", "source": "button"}',1750507320000,1750500016000,'kiosk',3,'🍎');
INSERT INTO "event" VALUES('409f553b-aacb-4cb2-86a9-a6d5215f0ca4','harbour-door',2,'door-boot-1',18,27000,1750500017000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83c\udf4e", "source": "button"}',1750507320000,1750500017000,'kiosk',3,'🍎');
INSERT INTO "event" VALUES('e2665be7-b0ac-4e57-bdfe-93046a90ba5d','harbour-door',2,'door-boot-1',19,28000,1750500018000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83c\udf4e", "source": "button"}',1750507320000,1750500018000,'kiosk',3,'🍎');
INSERT INTO "event" VALUES('b2342d69-4aa6-467a-9c7c-d901712b98f8','harbour-door',2,'door-boot-1',20,29000,1750500019000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\udd56", "source": "button"}',1750507320000,1750500019000,'kiosk',3,'🥖');
INSERT INTO "event" VALUES('4dc2fbd7-80d8-4881-87bc-7cbd9c8b6744','harbour-door',2,'door-boot-1',21,30000,1750500020000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\udd56", "source": "button"}',1750507320000,1750500020000,'kiosk',3,'🥖');
INSERT INTO "event" VALUES('29366239-8ff4-44bc-a4eb-95c13e649275','harbour-door',2,'door-boot-1',22,31000,1750500021000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\udd56", "source": "button"}',1750507320000,1750500021000,'kiosk',3,'🥖');
INSERT INTO "event" VALUES('61f1e54a-496f-4ba7-9960-63dd486d2a7a','harbour-door',2,'door-boot-1',23,32000,1750500022000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\udd56", "source": "button"}',1750507320000,1750500022000,'kiosk',3,'🥖');
INSERT INTO "event" VALUES('4e4af6bb-ed50-4e2c-9eaf-a020a1d01eca','harbour-door',2,'door-boot-1',24,33000,1750500023000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\uddc0", "source": "button"}',1750507320000,1750500023000,'kiosk',3,'🧀');
INSERT INTO "event" VALUES('a774555d-d145-47a7-819f-9309ccf57d71','harbour-door',2,'door-boot-1',25,34000,1750500024000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\udd56", "source": "button"}',1750507320000,1750500024000,'kiosk',3,'🥖');
INSERT INTO "event" VALUES('5243f458-2f8a-41de-bd54-6f8aeff864a5','harbour-door',2,'door-boot-1',26,35000,1750500025000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\uddc0", "source": "button"}',1750507320000,1750500025000,'kiosk',3,'🧀');
INSERT INTO "event" VALUES('4fd9ab9b-2f4a-4e3b-bd4a-ef3bc7b24474','harbour-door',2,'door-boot-1',27,36000,1750500026000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\uddc0", "source": "button"}',1750507320000,1750500026000,'kiosk',3,'🧀');
INSERT INTO "event" VALUES('7fe3bb50-035a-461e-b40c-baaadbe4fdfe','harbour-door',2,'door-boot-1',28,37000,1750500027000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\udd56", "source": "button"}',1750507320000,1750500027000,'kiosk',3,'🥖');
INSERT INTO "event" VALUES('0c7b7625-3e66-44eb-b923-820f0aede901','harbour-door',2,'door-boot-1',29,38000,1750500028000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\uddc0", "source": "button"}',1750507320000,1750500028000,'kiosk',3,'🧀');
INSERT INTO "event" VALUES('23e41541-0fa7-4615-b23a-147cf7a73116','harbour-door',2,'door-boot-1',30,39000,1750500029000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\udd56", "source": "button"}',1750507320000,1750500029000,'kiosk',3,'🥖');
INSERT INTO "event" VALUES('0d6bc4d1-d3b9-49e3-b550-cdea1e2f2086','harbour-door',2,'door-boot-1',31,40000,1750500030000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\uddc0", "source": "button"}',1750507320000,1750500030000,'kiosk',3,'🧀');
INSERT INTO "event" VALUES('e265b47d-5111-4aed-9918-87aca96ad913','harbour-door',2,'door-boot-1',32,41000,1750500031000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\uddc0", "source": "button"}',1750507320000,1750500031000,'kiosk',3,'🧀');
INSERT INTO "event" VALUES('192973a6-0352-4e3f-a61a-7ba260a59990','harbour-door',2,'door-boot-1',33,42000,1750500032000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\udd56", "source": "button"}',1750507320000,1750500032000,'kiosk',3,'🥖');
INSERT INTO "event" VALUES('13df4e9d-3335-4f78-b699-70c73cd80fce','harbour-door',2,'door-boot-1',34,43000,1750500033000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\udd56", "source": "button"}',1750507320000,1750500033000,'kiosk',3,'🥖');
INSERT INTO "event" VALUES('9ad7097c-a5ee-4198-aa8e-f8823eed3cdd','harbour-door',2,'door-boot-1',35,44000,1750500034000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\udd56", "source": "button"}',1750507320000,1750500034000,'kiosk',3,'🥖');
INSERT INTO "event" VALUES('79b6dee6-90ba-4e12-b8a6-1663595ddd01','harbour-door',2,'door-boot-1',36,45000,1750500035000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83c\udf4e", "source": "button"}',1750507320000,1750500035000,'kiosk',3,'🍎');
INSERT INTO "event" VALUES('c64080dd-ac47-455b-9662-4028817d0120','harbour-door',2,'door-boot-1',37,46000,1750500036000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83c\udf4e", "source": "button"}',1750507320000,1750500036000,'kiosk',3,'🍎');
INSERT INTO "event" VALUES('6a988af9-4ff5-463b-8cbc-bdd4089ca42b','harbour-door',2,'door-boot-1',38,47000,1750500037000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\uddc0", "source": "button"}',1750507320000,1750500037000,'kiosk',3,'🧀');
INSERT INTO "event" VALUES('acd8adc3-9903-43ce-a9f2-9772004897d7','harbour-door',2,'door-boot-1',39,48000,1750500038000,1,'reaction',1,'{"prompt_id": 3, "emoji": "\ud83e\udd56", "source": "button"}',1750507320000,1750500038000,'kiosk',3,'🥖');
INSERT INTO "event" VALUES('eead3900-3ef9-41a8-af65-4b3280491cf9','harbour-door',2,'door-boot-1',40,49000,1750500039000,1,'heartbeat',1,'{"outbox": {"pending": 0, "in_flight": 1, "acked": 0, "rejected": 0}, "software": "0.1.0"}',1750507320000,1750500039000,'kiosk',NULL,NULL);
CREATE TABLE kiosk (
	id VARCHAR(63) NOT NULL, 
	site_id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	revoked_ms BIGINT, 
	created_ms BIGINT NOT NULL, 
	last_seen_ms BIGINT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(site_id) REFERENCES site (id)
);
INSERT INTO "kiosk" VALUES('riverside-gate',1,'Riverside gate','927007dfac491f955696b5025758ae94ed192e326ba8514a70b8bb60b0f7b0d1',NULL,1750161600000,1750507200000);
INSERT INTO "kiosk" VALUES('riverside-bench',1,'Riverside bench','d70f073ddc8b1cfb8b9c1e845583f852b7bc4006ba1edd0d153f23ab03f1a7e1',1795466121971,1750161600000,1750507260000);
INSERT INTO "kiosk" VALUES('harbour-door',2,'Harbour door','872c23e8918fe1715381699c50db2f88ff591f19ba6d26557cf7b6d11923ddb0',NULL,1750161600000,1750507320000);
CREATE TABLE prompt (
	id INTEGER NOT NULL, 
	site_id INTEGER NOT NULL, 
	text VARCHAR(200) NOT NULL, 
	emoji JSON NOT NULL, 
	created_ms BIGINT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(site_id) REFERENCES site (id)
);
INSERT INTO "prompt" VALUES(1,1,'Sunny?','["\ud83d\ude00", "\ud83d\ude22"]',1750248000000);
INSERT INTO "prompt" VALUES(2,1,'How was the park today?','["\ud83d\ude00", "\ud83d\ude42", "\ud83d\ude10", "\ud83d\ude22"]',1750420800000);
INSERT INTO "prompt" VALUES(3,2,'What did you bring? "quotes" & ''apostrophes''','["\ud83c\udf4e", "\ud83e\udd56", "\ud83e\uddc0"]',1750420800000);
CREATE TABLE site (
	id INTEGER NOT NULL, 
	slug VARCHAR(63) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	timezone VARCHAR(64) NOT NULL, 
	created_ms BIGINT NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "site" VALUES(1,'riverside','Riverside Park','Europe/London',1750075200000);
INSERT INTO "site" VALUES(2,'harbour','Harbour Fridge','America/New_York',1750075200000);
CREATE UNIQUE INDEX ix_site_slug ON site (slug);
CREATE INDEX ix_kiosk_site_id ON kiosk (site_id);
CREATE UNIQUE INDEX ix_kiosk_token_hash ON kiosk (token_hash);
CREATE INDEX ix_prompt_site_created ON prompt (site_id, created_ms);
CREATE INDEX ix_event_kiosk_seq ON event (kiosk_id, seq);
CREATE INDEX ix_event_site_prompt_placed ON event (site_id, prompt_id, placed_ms, choice);
CREATE INDEX ix_event_kiosk_boot ON event (kiosk_id, boot_id);
COMMIT;
